package dev.slabpool.jmx.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.Payload;
import dev.slabpool.PayloadCache;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.ValueCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer binder against a real {@link PrometheusMeterRegistry}: what a scrape shows, by
 * the names and suffixes Prometheus users query, with the values of the caches' own counters.
 * Caches have one arena, so slabs fill in order.
 */
class SlabpoolMetricsTest {

  static final class Item extends PooledObject {}

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SlabpoolMetrics metrics = new SlabpoolMetrics();
  private final List<Runnable> destroy = new ArrayList<>();

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    destroy.forEach(Runnable::run);
    metrics.close();
    assertThat(registry.getMeters()).as("close() removes every meter").isEmpty();
  }

  private KeyedCache<Integer, String> keyed(String name, boolean recordStats) {
    KeyedCache.Builder<Integer, String> b = KeyedCache.<Integer, String>builder(name)
        .objectsPerSlab(4).arenas(1).policy(ReclaimPolicy.SLAB);
    KeyedCache<Integer, String> c = (recordStats ? b.recordStats() : b).build();
    destroy.add(c::destroy);
    return c;
  }

  private SlabCache<Item> plain(String name) {
    SlabCache<Item> c = SlabCache.builder(name, Item::new).objectsPerSlab(4).objectSize(100)
        .payload(Payload.HEAP).arenas(1).freeListSize(0).memoryCapSlabs(16)
        .reclaimable((item, mode) -> true).build();
    destroy.add(c::destroy);
    return c;
  }

  @Test
  void theStandardCacheMetersShowTheCachesOwnCounters() {
    KeyedCache<Integer, String> c = keyed("std", true);
    for (int k = 1; k <= 8; k++) {
      c.put(k, "v" + k); // 8 puts: two full slabs
    }
    c.put(8, "eight"); // a ninth put, replacing
    CacheEntry<Integer, String> hit = c.lookup(1);
    c.release(hit);
    c.release(c.lookup(2));
    assertThat(c.lookup(99)).isNull(); // a miss
    assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1); // the oldest slab: 4 entries evicted

    Scrape s = new Scrape(registry);
    assertThat(s.value("cache_gets_total", "cache", "std", "result", "hit"))
        .isEqualTo(c.hitCount()).isEqualTo(2);
    assertThat(s.value("cache_gets_total", "cache", "std", "result", "miss"))
        .isEqualTo(c.missCount()).isEqualTo(1);
    assertThat(s.value("cache_puts_total", "cache", "std")).isEqualTo(c.putCount())
        .isEqualTo(9);
    assertThat(s.value("cache_evictions_total", "cache", "std"))
        .isEqualTo(c.stats().objectsReclaimed()).isEqualTo(4);
    assertThat(s.value("cache_size", "cache", "std")).isEqualTo(c.size()).isEqualTo(4);
    assertThat(s.type("cache_gets_total")).isEqualTo("counter");
    assertThat(s.type("cache_puts_total")).isEqualTo("counter");
    assertThat(s.type("cache_evictions_total")).isEqualTo("counter");
    assertThat(s.type("cache_size")).isEqualTo("gauge");
  }

  @Test
  void aKeyedCacheWithoutStatisticsHasNoGetsOrPutsButItsSizeAndEvictions() {
    KeyedCache<Integer, String> c = keyed("nostats", false);
    c.put(1, "one");
    Scrape s = new Scrape(registry);
    assertThat(s.ofCache("nostats")).extracting(Scrape.Sample::name)
        .doesNotContain("cache_gets_total", "cache_puts_total")
        .contains("cache_size", "cache_evictions_total", "slabpool_cache_slabs");
    assertThat(s.value("cache_size", "cache", "nostats")).isEqualTo(1);
  }

  @Test
  void statesDoNotOverlapAndAddUpToTheTotals() {
    SlabCache<Item> c = plain("states");
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(c.allocate()); // slabs of 4, 4 and 2
    }
    c.free(items.get(9));
    c.free(items.get(8)); // the third slab is free again, kept until shrink()
    for (int i = 1; i < 8; i++) {
      c.release(items.get(i)); // cached: refcount 1
    }
    // items.get(0) stays in use

    Scrape s = new Scrape(registry);
    SlabCacheStats stats = c.stats();
    String[] cache = {"cache", "states"};
    assertThat(s.value("slabpool_cache_objects", with(cache, "state", "in_use"))).isEqualTo(1);
    assertThat(s.value("slabpool_cache_objects", with(cache, "state", "cached"))).isEqualTo(7);
    assertThat(s.value("slabpool_cache_objects", with(cache, "state", "free"))).isEqualTo(4);
    assertThat(s.sum("slabpool_cache_objects", "states")).isEqualTo(stats.totalObjects())
        .isEqualTo(12);
    assertThat(s.value("slabpool_cache_slabs", with(cache, "state", "full"))).isEqualTo(2);
    assertThat(s.value("slabpool_cache_slabs", with(cache, "state", "partial"))).isEqualTo(0);
    assertThat(s.value("slabpool_cache_slabs", with(cache, "state", "free"))).isEqualTo(1);
    assertThat(s.sum("slabpool_cache_slabs", "states")).isEqualTo(stats.totalSlabs())
        .isEqualTo(3);
    assertThat(s.value("slabpool_cache_memory_used_bytes", cache)).isEqualTo(3 * 4 * 100);
    assertThat(s.value("slabpool_cache_memory_max_bytes", cache)).isEqualTo(16 * 4 * 100);
    assertThat(s.value("slabpool_cache_density_ratio", cache)).isEqualTo(8.0 / 12)
        .isBetween(0.0, 1.0);
    assertThat(s.type("slabpool_cache_objects")).isEqualTo("gauge");
    c.release(items.get(0));
  }

  @Test
  void aPayloadCachesSizeClassesShowTheBytesTheirValuesRequest() {
    PayloadCache<Integer, byte[]> c =
        PayloadCache.<Integer, byte[]>builder("values", ValueCodec.bytes())
            .slabSize(4096).smallestSlot(64).growthFactor(2).arenas(1).build();
    destroy.add(c::destroy);
    for (int k = 0; k < 5; k++) {
      c.put(k, new byte[100]); // the 128-byte class
    }
    c.put(9, new byte[200]); // the 256-byte class
    plain("no-values");

    Scrape s = new Scrape(registry);
    assertThat(s.value("slabpool_cache_memory_requested_bytes", "cache", "values.128"))
        .isEqualTo(5 * 100);
    assertThat(s.value("slabpool_cache_memory_used_bytes", "cache", "values.128"))
        .isEqualTo(4096);
    assertThat(s.value("slabpool_cache_memory_requested_bytes", "cache", "values.256"))
        .isEqualTo(200);
    assertThat(s.value("slabpool_cache_memory_requested_bytes", "cache", "values.64")).isZero();
    assertThat(s.ofCache("no-values")).extracting(Scrape.Sample::name)
        .contains("slabpool_cache_memory_used_bytes")
        .doesNotContain("slabpool_cache_memory_requested_bytes");
  }

  @Test
  void aCacheWithoutCapHasMemoryMaxMinusOne() {
    KeyedCache<Integer, String> c = keyed("uncapped", true);
    c.put(1, "one");
    assertThat(new Scrape(registry).value("slabpool_cache_memory_max_bytes", "cache", "uncapped"))
        .isEqualTo(-1);
  }

  @Test
  void theReclaimAndMoveSeriesExistBeforeTheFirstReclaimAndCountIt() {
    KeyedCache<Integer, String> c = keyed("counted", true);
    for (int k = 10; k < 18; k++) {
      c.put(k, "v" + k);
    }
    String[] cache = {"cache", "counted"};
    Scrape before = new Scrape(registry);
    assertThat(before.value("slabpool_reclaims_total", cache)).isZero();
    assertThat(before.value("slabpool_reclaim_slabs_total", cache)).isZero();
    assertThat(before.value("slabpool_reclaim_objects_total", cache)).isZero();
    assertThat(before.value("slabpool_reclaim_scanned_objects_total", cache)).isZero();
    assertThat(before.value("slabpool_moves_total", with(cache, "answer", "moved"))).isZero();
    assertThat(before.value("cache_evictions_total", cache)).isZero();
    assertThat(before.type("slabpool_reclaims_total")).isEqualTo("counter");

    for (int k : new int[] {10, 11, 14, 15}) {
      c.remove(k); // two half-empty slabs: compaction moves two entries
    }
    c.compact();
    c.put(20, "v20");
    c.put(21, "v21"); // fill the remaining slab
    var reclaimed = c.reclaim(1);

    Scrape after = new Scrape(registry);
    SlabCacheStats stats = c.stats();
    assertThat(after.value("slabpool_moves_total", with(cache, "answer", "moved")))
        .isEqualTo(stats.moves().moved()).isEqualTo(2);
    assertThat(after.sum("slabpool_moves_total", "counted")).isEqualTo(2);
    assertThat(after.value("slabpool_reclaims_total", cache)).isEqualTo(1);
    assertThat(after.value("slabpool_reclaim_slabs_total", cache))
        .isEqualTo(stats.slabsReclaimed()).isEqualTo(reclaimed.slabsFreed()).isEqualTo(1);
    assertThat(after.value("slabpool_reclaim_objects_total", cache))
        .isEqualTo(stats.objectsReclaimed()).isEqualTo(reclaimed.objectsFreed()).isEqualTo(4);
    assertThat(after.value("slabpool_reclaim_scanned_objects_total", cache))
        .isEqualTo(reclaimed.objectsScanned());
    assertThat(after.value("slabpool_reclaim_seconds_count",
        with(cache, "policy", "slab", "cause", "REQUEST"))).isEqualTo(1);
  }

  @Test
  void aDestroyedCachesMetersGoAndTheOthersStay() {
    KeyedCache<Integer, String> gone = keyed("gone", true);
    KeyedCache<Integer, String> kept = keyed("kept", true);
    gone.put(1, "one");
    kept.put(1, "one");
    gone.reclaim(1); // the timer too must go
    assertThat(new Scrape(registry).ofCache("gone")).extracting(Scrape.Sample::name)
        .contains("cache_gets_total", "slabpool_cache_objects", "slabpool_reclaim_seconds_count");

    gone.destroy();

    Scrape s = new Scrape(registry);
    assertThat(s.ofCache("gone")).isEmpty();
    assertThat(s.value("cache_size", "cache", "kept")).isEqualTo(1);
    assertThat(registry.find("cache.gets").tag("cache", "gone").meters()).isEmpty();
  }

  @Test
  void followsCachesBuiltBeforeAndAfterBindingInEveryRegistry() {
    SlabCache<Item> earlier = plain("earlier");
    MeterRegistry simple = new SimpleMeterRegistry();
    SlabpoolMetrics late = new SlabpoolMetrics();
    late.bindTo(simple); // catches up with "earlier"
    try {
      earlier.release(earlier.allocate());
      SlabCache<Item> later = plain("later");
      later.release(later.allocate());
      for (String cache : new String[] {"earlier", "later"}) {
        assertThat(simple.get("slabpool.cache.objects").tags("cache", cache, "state", "cached")
            .gauge().value()).isEqualTo(1);
        assertThat(new Scrape(registry).value("slabpool_cache_objects", "cache", cache, "state",
            "cached")).isEqualTo(1);
      }
    } finally {
      late.close();
    }
    assertThat(simple.getMeters()).isEmpty();
  }

  @Test
  void aForeignMeterOfTheSameNameAndCacheTagIsLeftAlone() {
    MeterRegistry simple = new SimpleMeterRegistry();
    simple.counter("cache.gets", "cache", "shared", "result", "hit", "cacheManager", "other");
    SlabpoolMetrics own = new SlabpoolMetrics();
    own.bindTo(simple);
    try {
      KeyedCache<Integer, String> c = keyed("shared", true);
      assertThat(simple.find("cache.gets").tag("cache", "shared").meters()).hasSize(3);
      c.destroy();
      assertThat(simple.find("cache.gets").tag("cache", "shared").meters())
          .extracting(m -> m.getId().getTag("cacheManager")).containsExactly("other");
    } finally {
      own.close();
    }
  }

  private static String[] with(String[] tags, String... more) {
    String[] all = new String[tags.length + more.length];
    System.arraycopy(tags, 0, all, 0, tags.length);
    System.arraycopy(more, 0, all, tags.length, more.length);
    return all;
  }
}
