package dev.slabpool.jmx.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Micrometer binder with a real {@link SimpleMeterRegistry}. */
class SlabpoolMetricsTest {

  static final class Item extends PooledObject {}

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void publishesTheCacheFiguresAndReclaims() {
    SlabCache<Item> before = SlabCache.builder("metrics-before", Item::new).objectsPerSlab(8)
        .objectSize(100).arenas(1).reclaimable((item, mode) -> true).build();
    MeterRegistry registry = new SimpleMeterRegistry();
    SlabpoolMetrics metrics = new SlabpoolMetrics();
    metrics.bindTo(registry);
    SlabCache<Item> after = SlabCache.builder("metrics-after", Item::new).objectsPerSlab(8)
        .objectSize(100).arenas(1).memoryCapSlabs(2).reclaimable((item, mode) -> true).build();
    try {
      Item pinned = before.allocate();
      for (int i = 1; i < 8 * 4; i++) {
        before.release(before.allocate());
      }
      for (int i = 0; i < 8 * 3; i++) {
        after.release(after.allocate()); // the third slab's worth frees one slab at the cap
      }

      String[] b = {"cache", "metrics-before"};
      assertThat(gauge(registry, "slabpool.cache.objects", tag(b, "state", "active")))
          .isEqualTo(32);
      assertThat(gauge(registry, "slabpool.cache.objects", tag(b, "state", "total"))).isEqualTo(32);
      assertThat(gauge(registry, "slabpool.cache.objects", tag(b, "state", "pinned"))).isEqualTo(1);
      assertThat(gauge(registry, "slabpool.cache.slabs", tag(b, "state", "total"))).isEqualTo(4);
      assertThat(gauge(registry, "slabpool.cache.slabs", tag(b, "state", "full"))).isEqualTo(4);
      assertThat(gauge(registry, "slabpool.cache.bytes", b)).isEqualTo(4 * 8 * 100);
      assertThat(gauge(registry, "slabpool.cache.density", b)).isEqualTo(1.0);
      assertThat(gauge(registry, "slabpool.cache.slabs",
          "cache", "metrics-after", "state", "total")).isEqualTo(2);

      before.reclaim(2);

      assertThat(gauge(registry, "slabpool.cache.slabs", tag(b, "state", "total"))).isEqualTo(2);
      Tags request = Tags.of("cache", "metrics-before", "policy", "slab", "cause", "REQUEST");
      assertThat(registry.get("slabpool.reclaim").tags(request).timer().count()).isEqualTo(1);
      assertThat(registry.get("slabpool.reclaim.slabs").tags(request).counter().count())
          .isEqualTo(2);
      assertThat(registry.get("slabpool.reclaim.objects").tags(request).counter().count())
          .isEqualTo(2 * 8 + 2); // two whole slabs, and circulation out of the pinned one
      assertThat(registry.get("slabpool.reclaim.objects.scanned").tags(request).counter()
          .count()).isGreaterThanOrEqualTo(2 * 8);
      Tags cap = Tags.of("cache", "metrics-after", "policy", "slab", "cause", "MEMORY_CAP");
      assertThat(registry.get("slabpool.reclaim").tags(cap).timer().count()).isEqualTo(1);
      assertThat(registry.get("slabpool.reclaim.slabs").tags(cap).counter().count())
          .isEqualTo(1);

      after.destroy();
      assertThat(registry.find("slabpool.cache.slabs").tag("cache", "metrics-after").meters())
          .isEmpty();
      assertThat(registry.find("slabpool.reclaim").tag("cache", "metrics-after").meters())
          .isEmpty();
      before.release(pinned);
    } finally {
      metrics.close();
      before.destroy();
      after.destroy();
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  private static String[] tag(String[] tags, String key, String value) {
    return new String[] {tags[0], tags[1], key, value};
  }
}
