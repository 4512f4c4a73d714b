package dev.slabpool.jmx.micrometer;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.jmx.CacheTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the slabpool figures to Micrometer, for every live cache (present and future), tagged
 * {@code cache=<name>}:
 * <ul>
 *   <li>gauges {@code slabpool.cache.objects} ({@code state=active|total|pinned}),
 *       {@code slabpool.cache.slabs} ({@code state=active|total|partial|free|full}),
 *       {@code slabpool.cache.bytes} (slab memory held) and {@code slabpool.cache.density};</li>
 *   <li>per reclaim, tagged also {@code policy} and {@code cause}: the timer
 *       {@code slabpool.reclaim} and the counters {@code slabpool.reclaim.slabs},
 *       {@code slabpool.reclaim.objects} and {@code slabpool.reclaim.objects.scanned}.</li>
 * </ul>
 * Gauges read a fresh statistics snapshot and hold their cache weakly; a cache's meters are
 * removed when it is destroyed. {@link #close()} stops following the caches and removes every
 * meter this binder added.
 *
 * <pre>{@code
 * SlabpoolMetrics metrics = new SlabpoolMetrics();
 * metrics.bindTo(registry);
 * }</pre>
 */
public final class SlabpoolMetrics implements MeterBinder, AutoCloseable {

  private final List<CacheTracker<CacheMeters>> bindings = new CopyOnWriteArrayList<>();

  @Override
  public void bindTo(MeterRegistry registry) {
    CacheTracker<CacheMeters> tracker = new CacheTracker<>(new Binding(registry));
    bindings.add(tracker);
    tracker.start();
  }

  /** Stops publishing and removes the meters of every cache from every bound registry. */
  @Override
  public void close() {
    bindings.forEach(CacheTracker::close);
    bindings.clear();
  }

  /** The meters of one cache in one registry. */
  private record CacheMeters(String cache, List<Meter> meters) {}

  private static final class Binding implements CacheTracker.Handler<CacheMeters> {
    private final MeterRegistry registry;

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public CacheMeters added(ManagedCache cache) {
      Tags tags = Tags.of("cache", cache.name());
      List<Meter> meters = new ArrayList<>();
      gauge(meters, cache, "slabpool.cache.objects", tags.and("state", "active"), "objects",
          "Objects allocated and not on a free list", SlabCacheStats::activeObjects);
      gauge(meters, cache, "slabpool.cache.objects", tags.and("state", "total"), "objects",
          "Slots in all slabs", SlabCacheStats::totalObjects);
      gauge(meters, cache, "slabpool.cache.objects", tags.and("state", "pinned"), "objects",
          "Objects in use (refcount above 1)", SlabCacheStats::pinnedObjects);
      gauge(meters, cache, "slabpool.cache.slabs", tags.and("state", "active"), "slabs",
          "Slabs with at least one active object", SlabCacheStats::activeSlabs);
      gauge(meters, cache, "slabpool.cache.slabs", tags.and("state", "total"), "slabs",
          "Slabs held", SlabCacheStats::totalSlabs);
      gauge(meters, cache, "slabpool.cache.slabs", tags.and("state", "partial"), "slabs",
          "Slabs with some but not all slots allocated", SlabCacheStats::partialSlabs);
      gauge(meters, cache, "slabpool.cache.slabs", tags.and("state", "free"), "slabs",
          "Slabs with no slot allocated", SlabCacheStats::freeSlabs);
      gauge(meters, cache, "slabpool.cache.slabs", tags.and("state", "full"), "slabs",
          "Slabs with every slot allocated", SlabCacheStats::fullSlabs);
      gauge(meters, cache, "slabpool.cache.bytes", tags, "bytes", "Slab memory held",
          SlabCacheStats::bytesHeld);
      gauge(meters, cache, "slabpool.cache.density", tags, null,
          "Allocated objects / (slabs x objects per slab)", SlabCacheStats::density);
      return new CacheMeters(cache.name(), meters);
    }

    private void gauge(List<Meter> meters, ManagedCache cache, String name, Tags tags,
        String unit, String description, ToDoubleFunction<SlabCacheStats> field) {
      meters.add(Gauge.builder(name, cache, c -> field.applyAsDouble(c.stats()))
          .tags(tags).baseUnit(unit).description(description).register(registry));
    }

    @Override
    public void removed(CacheMeters m) {
      m.meters.forEach(registry::remove);
      // The reclaim meters of the cache, made on its first reclaims, go too.
      for (Meter meter : List.copyOf(registry.getMeters())) {
        if (meter.getId().getName().startsWith("slabpool.reclaim")
            && m.cache.equals(meter.getId().getTag("cache"))) {
          registry.remove(meter);
        }
      }
    }

    @Override
    public void reclaimed(CacheMeters m, ReclaimResult r) {
      Tags tags = Tags.of("cache", r.cache(), "policy", r.policy().id(), "cause",
          r.cause().name());
      Timer.builder("slabpool.reclaim").tags(tags).description("Reclaims and their duration")
          .register(registry).record(r.nanos(), TimeUnit.NANOSECONDS);
      counter("slabpool.reclaim.slabs", tags, "slabs", "Slabs given back by reclaim",
          r.slabsFreed());
      counter("slabpool.reclaim.objects", tags, "objects", "Objects freed by reclaim",
          r.objectsFreed());
      counter("slabpool.reclaim.objects.scanned", tags, "objects",
          "Refcounts read by reclaim to choose the victims", r.objectsScanned());
    }

    private void counter(String name, Tags tags, String unit, String description, long amount) {
      Counter.builder(name).tags(tags).baseUnit(unit).description(description)
          .register(registry).increment(amount);
    }
  }
}
