package dev.slabpool.jmx.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.PayloadCache;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.ValueCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** The slabpool events in a real recording, read back with {@link RecordingFile}. */
class SlabpoolJfrTest {

  static final class Item extends PooledObject {}

  /** Committed by a destructor, so in the middle of the reclaim that called it. */
  @Name("dev.slabpool.test.Destructed")
  static final class Destructed extends Event {
    String mode;
  }

  /** The operators' settings file, docs/operators/slabpool.jfc (tests run in the module). */
  private static final Path OPERATORS_JFC = Path.of("..", "docs", "operators", "slabpool.jfc");

  @Test
  void reclaimAndDensityEventsAreRecorded() throws Exception {
    SlabCache<Item> cache = SlabCache.builder("jfr-cache", Item::new).objectsPerSlab(8)
        .arenas(1).reclaimable((item, mode) -> true).build();
    PayloadCache<Integer, byte[]> values =
        PayloadCache.<Integer, byte[]>builder("jfr-values", ValueCodec.bytes())
            .slabSize(4096).smallestSlot(64).growthFactor(2).arenas(1).build();
    for (int k = 0; k < 3; k++) {
      values.put(k, new byte[100]); // the 128-byte class
    }
    Path file = Files.createDirectories(Path.of("target", "jfr"))
        .resolve("slabpool-events.jfr");
    SlabCacheStats stats;
    SlabpoolJfr jfr = SlabpoolJfr.install();
    try (Recording recording = new Recording()) {
      recording.enable(ReclaimEvent.NAME);
      // Emitted when the recording stops, so the test waits for nothing.
      recording.enable(CacheDensityEvent.NAME).with("period", "endChunk");
      recording.start();
      Item pinned = cache.allocate();
      for (int i = 1; i < 8 * 6; i++) {
        cache.release(cache.allocate());
      }
      cache.reclaim(3);
      stats = cache.stats();
      recording.stop();
      cache.release(pinned);
      recording.dump(file);
    } finally {
      jfr.close();
      cache.destroy();
      values.destroy();
    }

    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    RecordedEvent reclaim = events.stream()
        .filter(e -> e.getEventType().getName().equals(ReclaimEvent.NAME)).findFirst()
        .orElseThrow(() -> new AssertionError("no reclaim event in " + events.size()));
    assertThat(reclaim.getString("cache")).isEqualTo("jfr-cache");
    assertThat(reclaim.getString("policy")).isEqualTo("slab");
    assertThat(reclaim.getString("cause")).isEqualTo("REQUEST");
    assertThat(reclaim.getLong("slabsFreed")).isEqualTo(3);
    assertThat(reclaim.getLong("objectsFreed")).isEqualTo(3 * 8 + 2);
    assertThat(reclaim.getLong("objectsScanned")).isGreaterThanOrEqualTo(3 * 8);
    assertThat(reclaim.getDuration("reclaimDuration")).isPositive();
    assertThat(reclaim.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());

    RecordedEvent density = events.stream()
        .filter(e -> e.getEventType().getName().equals(CacheDensityEvent.NAME)
            && e.getString("cache").equals("jfr-cache")).findFirst()
        .orElseThrow(() -> new AssertionError("no density event for jfr-cache"));
    // Six slabs, three freed; the pinned one lost two objects to circulation.
    assertThat(stats.totalSlabs()).isEqualTo(3);
    assertThat(stats.density()).isEqualTo(22 / 24.0);
    assertThat(density.getLong("totalSlabs")).isEqualTo(stats.totalSlabs());
    assertThat(density.getLong("activeObjects")).isEqualTo(stats.activeObjects());
    assertThat(density.getLong("totalObjects")).isEqualTo(stats.totalObjects());
    assertThat(density.getDouble("density")).isEqualTo(stats.density());
    assertThat(density.getLong("pinnedObjects")).isEqualTo(1);
    assertThat(density.getLong("partialSlabs")).isEqualTo(stats.partialSlabs());
    assertThat(density.getLong("freeSlabs")).isEqualTo(stats.freeSlabs());
    assertThat(density.getLong("fullSlabs")).isEqualTo(stats.fullSlabs());
    assertThat(density.getLong("bytesHeld")).isEqualTo(stats.bytesHeld());
    assertThat(density.getLong("requestedBytes")).as("a cache whose slots hold no values")
        .isEqualTo(-1);
    RecordedEvent sizeClass = events.stream()
        .filter(e -> e.getEventType().getName().equals(CacheDensityEvent.NAME)
            && e.getString("cache").equals("jfr-values.128")).findFirst()
        .orElseThrow(() -> new AssertionError("no density event for jfr-values.128"));
    assertThat(sizeClass.getLong("requestedBytes")).isEqualTo(3 * 100);
    assertThat(sizeClass.getLong("bytesHeld")).isEqualTo(4096);
  }

  @Test
  void closingStopsTheEvents() throws Exception {
    SlabCache<Item> cache = SlabCache.builder("jfr-closed", Item::new).objectsPerSlab(4)
        .arenas(1).reclaimable((item, mode) -> true).build();
    Path file = Path.of("target", "jfr", "closed.jfr");
    Files.createDirectories(file.getParent());
    SlabpoolJfr.install().close();
    try (Recording recording = new Recording()) {
      recording.enable(ReclaimEvent.NAME);
      recording.enable(CacheDensityEvent.NAME).with("period", "endChunk");
      recording.start();
      cache.release(cache.allocate());
      cache.reclaim(1);
      recording.stop();
      recording.dump(file);
    } finally {
      cache.destroy();
    }
    assertThat(RecordingFile.readAllEvents(file)).noneMatch(
        e -> e.getEventType().getName().startsWith("dev.slabpool."));
  }

  @Test
  void aReclaimEventBeginsBeforeTheReclaimAndEndsAfterIt() throws Exception {
    SlabCache<Item> cache = SlabCache.builder("jfr-span", Item::new).objectsPerSlab(4)
        .arenas(1).freeListSize(0).reclaimable((item, mode) -> {
          Destructed d = new Destructed();
          d.mode = mode.name();
          d.commit();
          return true;
        }).build();
    Path file = Files.createDirectories(Path.of("target", "jfr")).resolve("span.jfr");
    SlabpoolJfr jfr = SlabpoolJfr.install();
    try (Recording recording = new Recording()) {
      recording.enable(ReclaimEvent.NAME);
      recording.enable(Destructed.class);
      recording.start();
      for (int i = 0; i < 4 * 3; i++) {
        cache.release(cache.allocate());
      }
      assertThat(cache.reclaim(2).slabsFreed()).isEqualTo(2);
      recording.stop();
      recording.dump(file);
    } finally {
      jfr.close();
      cache.destroy();
    }

    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    RecordedEvent reclaim = only(events, ReclaimEvent.NAME, "jfr-span");
    List<RecordedEvent> destructed = events.stream()
        .filter(e -> e.getEventType().getName().equals("dev.slabpool.test.Destructed")).toList();
    assertThat(destructed).filteredOn(d -> d.getString("mode").equals("FREE"))
        .as("one FREE call of the destructor per object freed")
        .hasSize((int) reclaim.getLong("objectsFreed")).isNotEmpty();
    // On the recorder's own clock, every destructor call lies within the reclaim event.
    assertThat(destructed).allSatisfy(d -> {
      assertThat(d.getStartTime()).isAfterOrEqualTo(reclaim.getStartTime());
      assertThat(d.getEndTime()).isBeforeOrEqualTo(reclaim.getEndTime());
    });
    assertThat(reclaim.getDuration()).isPositive();
    assertThat(reclaim.getLong("slabsFreed")).isEqualTo(2);
  }

  @Test
  void memoryCapReclaimsAreTheirOwnEventDisabledByDefaultAndTheJfcEnablesThem() throws Exception {
    Map<String, String> jfc = Configuration.create(OPERATORS_JFC).getSettings();
    assertThat(jfc).containsEntry(ReclaimEvent.NAME + "#enabled", "true")
        .containsEntry(MemoryCapReclaimEvent.NAME + "#enabled", "true")
        .containsEntry(MemoryCapReclaimEvent.NAME + "#threshold", "1 ms")
        .containsEntry(MemoryCapReclaimEvent.NAME + "#stackTrace", "true")
        .containsEntry(CacheDensityEvent.NAME + "#period", "5 s");
    assertThat(defaultSetting(MemoryCapReclaimEvent.class, "enabled")).isEqualTo("false");
    assertThat(defaultSetting(ReclaimEvent.class, "enabled")).isEqualTo("true");
    assertThat(defaultSetting(ReclaimEvent.class, "threshold")).isEqualTo("0 ms");

    // The JDK's default settings: the requested reclaim is recorded, the cap's are not.
    List<RecordedEvent> byDefault = recordCappedCache("jfr-cap-default",
        Configuration.getConfiguration("default").getSettings(), Duration.ofDays(1));
    assertThat(byDefault).noneMatch(e -> is(e, MemoryCapReclaimEvent.NAME, "jfr-cap-default"));
    RecordedEvent requested = only(byDefault, ReclaimEvent.NAME, "jfr-cap-default");
    assertThat(requested.getString("cause")).isEqualTo("REQUEST");

    // The operators' settings, the threshold lowered so that the count does not depend on speed.
    AtomicLong capReclaims = new AtomicLong();
    SlabCacheRegistry.Listener counter = new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        if (r.cache().equals("jfr-cap-ops") && r.cause() == ReclaimResult.Cause.MEMORY_CAP) {
          capReclaims.incrementAndGet();
        }
      }
    };
    SlabCacheRegistry.addListener(counter);
    List<RecordedEvent> withJfc;
    try {
      withJfc = recordCappedCache("jfr-cap-ops", jfc, Duration.ZERO);
    } finally {
      SlabCacheRegistry.removeListener(counter);
    }
    List<RecordedEvent> cap = withJfc.stream()
        .filter(e -> is(e, MemoryCapReclaimEvent.NAME, "jfr-cap-ops")).toList();
    assertThat(capReclaims.get()).isPositive();
    assertThat(cap).hasSize((int) capReclaims.get()).allSatisfy(e -> {
      assertThat(e.getString("cause")).isEqualTo("MEMORY_CAP");
      assertThat(e.getString("policy")).isEqualTo("slab");
      assertThat(e.getLong("slabsFreed")).isEqualTo(1);
      assertThat(e.getEventType().getCategoryNames()).containsExactly("slabpool");
      // The stack the settings ask for: the allocation that found the cache at its cap.
      assertThat(e.getStackTrace().getFrames()).extracting(RecordedFrame::getMethod)
          .extracting(m -> m.getType().getName() + "." + m.getName())
          .contains("dev.slabpool.SlabCache.allocate");
    });
    RecordedEvent ops = only(withJfc, ReclaimEvent.NAME, "jfr-cap-ops");
    assertThat(ops.getString("cause")).isEqualTo("REQUEST");
    assertThat(ops.getStackTrace()).as("no stack for requested reclaims").isNull();
  }

  /**
   * Records a cache of 2 slabs at most while 6 slabs' worth of objects are allocated and
   * released (memory-cap reclaims), then one requested reclaim.
   */
  private static List<RecordedEvent> recordCappedCache(String name, Map<String, String> settings,
      Duration capThreshold) throws Exception {
    SlabCache<Item> cache = SlabCache.builder(name, Item::new).objectsPerSlab(4).arenas(1)
        .freeListSize(0).memoryCapSlabs(2).reclaimable((item, mode) -> true).build();
    Path file = Files.createDirectories(Path.of("target", "jfr")).resolve(name + ".jfr");
    SlabpoolJfr jfr = SlabpoolJfr.install();
    try (Recording recording = new Recording(settings)) {
      if (Boolean.parseBoolean(settings.get(MemoryCapReclaimEvent.NAME + "#enabled"))) {
        recording.enable(MemoryCapReclaimEvent.NAME).withThreshold(capThreshold);
      }
      recording.start();
      for (int i = 0; i < 4 * 6; i++) {
        cache.release(cache.allocate());
      }
      cache.reclaim(1);
      recording.stop();
      recording.dump(file);
    } finally {
      jfr.close();
      cache.destroy();
    }
    return RecordingFile.readAllEvents(file);
  }

  private static String defaultSetting(Class<? extends Event> type, String setting) {
    return EventType.getEventType(type).getSettingDescriptors().stream()
        .filter(d -> d.getName().equals(setting)).map(SettingDescriptor::getDefaultValue)
        .findFirst().orElseThrow(() -> new AssertionError("no setting " + setting));
  }

  private static boolean is(RecordedEvent e, String type, String cache) {
    return e.getEventType().getName().equals(type) && cache.equals(e.getString("cache"));
  }

  private static RecordedEvent only(List<RecordedEvent> events, String type, String cache) {
    List<RecordedEvent> found = events.stream().filter(e -> is(e, type, cache)).toList();
    assertThat(found).as("%s events of %s", type, cache).hasSize(1);
    return found.get(0);
  }
}
