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

  /** A gauge per cache: name, {@code state} tag (or none), unit, description, value. */
  private record Figure(String name, String state, String unit, String description,
      ToDoubleFunction<SlabCacheStats> value) {}

  private static final List<Figure> FIGURES = List.of(
      new Figure("slabpool.cache.objects", "active", "objects",
          "Objects allocated and not on a free list", SlabCacheStats::activeObjects),
      new Figure("slabpool.cache.objects", "total", "objects", "Slots in all slabs",
          SlabCacheStats::totalObjects),
      new Figure("slabpool.cache.objects", "pinned", "objects",
          "Objects in use (refcount above 1)", SlabCacheStats::pinnedObjects),
      new Figure("slabpool.cache.slabs", "active", "slabs",
          "Slabs with at least one active object", SlabCacheStats::activeSlabs),
      new Figure("slabpool.cache.slabs", "total", "slabs", "Slabs held",
          SlabCacheStats::totalSlabs),
      new Figure("slabpool.cache.slabs", "partial", "slabs",
          "Slabs with some but not all slots allocated", SlabCacheStats::partialSlabs),
      new Figure("slabpool.cache.slabs", "free", "slabs", "Slabs with no slot allocated",
          SlabCacheStats::freeSlabs),
      new Figure("slabpool.cache.slabs", "full", "slabs", "Slabs with every slot allocated",
          SlabCacheStats::fullSlabs),
      new Figure("slabpool.cache.bytes", null, "bytes", "Slab memory held",
          SlabCacheStats::bytesHeld),
      new Figure("slabpool.cache.density", null, null,
          "Allocated objects / (slabs x objects per slab)", SlabCacheStats::density));

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
      for (Figure f : FIGURES) {
        Tags t = f.state == null ? tags : tags.and("state", f.state);
        meters.add(Gauge.builder(f.name, cache, c -> f.value.applyAsDouble(c.stats())).tags(t)
            .baseUnit(f.unit).description(f.description).register(registry));
      }
      return new CacheMeters(cache.name(), meters);
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
