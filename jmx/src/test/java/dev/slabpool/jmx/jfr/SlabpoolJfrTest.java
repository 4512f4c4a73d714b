package dev.slabpool.jmx.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** The slabpool events in a real recording, read back with {@link RecordingFile}. */
class SlabpoolJfrTest {

  static final class Item extends PooledObject {}

  @Test
  void reclaimAndDensityEventsAreRecorded() throws Exception {
    SlabCache<Item> cache = SlabCache.builder("jfr-cache", Item::new).objectsPerSlab(8)
        .arenas(1).reclaimable((item, mode) -> true).build();
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

}
