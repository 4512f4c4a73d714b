package dev.slabpool.jmx.micrometer;

import dev.slabpool.KeyedCache;
import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.jmx.CacheTracker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes the slabpool figures to Micrometer, for every live cache (present and future), each
 * meter tagged {@code cache=<name>}. Names as Micrometer writes them; in brackets, as a
 * Prometheus registry exports them.
 *
 * <p>Every keyed cache, Micrometer's standard cache meters (as its Caffeine and JCache binders
 * publish them):
 * <ul>
 *   <li>{@code cache.gets} tagged {@code result=hit|miss} ({@code cache_gets_total}): lookups;
 *       {@code cache.puts} ({@code cache_puts_total}): values stored by a put, a map-view write
 *       or a load. Both only for a cache built with {@code recordStats()}, which counts them;</li>
 *   <li>{@code cache.evictions} ({@code cache_evictions_total}): entries freed by reclaim, and
 *       {@code cache.size} ({@code cache_size}): the number of keys.</li>
 * </ul>
 *
 * <p>Every cache, keyed or not:
 * <ul>
 *   <li>gauges whose states add up to a total: {@code slabpool.cache.objects}
 *       ({@code slabpool_cache_objects}) tagged {@code state=in_use|cached|free}, summing to the
 *       slots of all slabs, and {@code slabpool.cache.slabs} ({@code slabpool_cache_slabs})
 *       tagged {@code state=full|partial|free}, summing to the slabs held;</li>
 *   <li>gauges {@code slabpool.cache.memory.used} ({@code slabpool_cache_memory_used_bytes}):
 *       slab memory held, {@code slabpool.cache.memory.max}
 *       ({@code slabpool_cache_memory_max_bytes}): the memory cap, -1 without cap, and
 *       {@code slabpool.cache.density} ({@code slabpool_cache_density_ratio}): allocated slots
 *       over slots, from 0 to 1; for the size classes of a payload cache also
 *       {@code slabpool.cache.memory.requested} ({@code slabpool_cache_memory_requested_bytes}):
 *       the bytes its values ask for;</li>
 *   <li>counters over the cache's cumulative statistics, reset by its
 *       {@code resetStatistics()}: {@code slabpool.reclaim.slabs}
 *       ({@code slabpool_reclaim_slabs_total}) and {@code slabpool.reclaim.objects}
 *       ({@code slabpool_reclaim_objects_total}), what reclaim freed, and {@code slabpool.moves}
 *       ({@code slabpool_moves_total}) tagged {@code answer=moved|not_needed|later|never|dont_know},
 *       the mover's answers (compaction, and reclaim that migrates);</li>
 *   <li>counters kept by this binder since it found the cache: {@code slabpool.reclaims}
 *       ({@code slabpool_reclaims_total}) and {@code slabpool.reclaim.scanned}
 *       ({@code slabpool_reclaim_scanned_objects_total}), refcounts read by reclaim;</li>
 *   <li>the timer {@code slabpool.reclaim} ({@code slabpool_reclaim_seconds}), tagged also
 *       {@code policy} and {@code cause}, made by the first reclaim of each kind.</li>
 * </ul>
 * Every series but the timer's exists, at 0, before the first reclaim. One scrape reads the
 * figures of a cache from one statistics snapshot, so its states add up exactly. Meters hold their
 * cache weakly; a cache's meters are removed when it is destroyed. {@link #close()} stops
 * following the caches and removes every meter this binder added.
 *
 * <pre>{@code
 * SlabpoolMetrics metrics = new SlabpoolMetrics();
 * metrics.bindTo(registry);
 * }</pre>
 */
public final class SlabpoolMetrics implements MeterBinder, AutoCloseable {

  private final List<CacheTracker<CacheMeters>> bindings = new CopyOnWriteArrayList<>();

  /** A binder that publishes nothing until {@link #bindTo} is called. */
  public SlabpoolMetrics() {}

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

  /** The meters of one cache in one registry: the slab meters and, if keyed, the cache meters. */
  private record CacheMeters(Snapshots snapshots, SlabMeters slabs, List<Meter> standard) {}

  private static final class Binding implements CacheTracker.Handler<CacheMeters> {
    private static final List<String> STANDARD = List.of("cache.gets", "cache.puts",
        "cache.evictions", "cache.size");

    private final MeterRegistry registry;

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public CacheMeters added(ManagedCache cache) {
      Snapshots snapshots = new Snapshots(cache);
      SlabMeters slabs = new SlabMeters(registry, cache, snapshots);
      List<Meter> standard = new ArrayList<>();
      if (cache instanceof KeyedCache<?, ?> keyed) {
        KeyedCacheMeters binder = new KeyedCacheMeters(keyed, snapshots);
        binder.bind(registry);
        // CacheMeterBinder does not say what it registered: its meters are those with exactly
        // its tags (and, for gets, the result tag), not those another binder tagged further.
        List<Tag> tags = binder.tags().stream().toList();
        for (String name : STANDARD) {
          for (Meter m : registry.find(name).tags(tags).meters()) {
            List<Tag> own = m.getId().getTags().stream()
                .filter(t -> !t.getKey().equals("result")).toList();
            if (own.equals(tags)) {
              standard.add(m);
            }
          }
        }
      }
      return new CacheMeters(snapshots, slabs, standard);
    }

    @Override
    public void removed(CacheMeters m) {
      m.slabs.remove();
      m.standard.forEach(registry::remove);
    }

    @Override
    public void reclaimed(CacheMeters m, ReclaimResult r) {
      m.slabs.reclaimed(r);
    }
  }
}
