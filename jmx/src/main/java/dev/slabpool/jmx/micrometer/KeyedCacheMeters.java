package dev.slabpool.jmx.micrometer;

import dev.slabpool.KeyedCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer's standard cache meters for one keyed cache, tagged {@code cache=<name>}:
 * {@code cache.gets} ({@code result=hit|miss}), {@code cache.puts}, {@code cache.evictions} and
 * {@code cache.size}. Gets and puts are counted only by a cache built with
 * {@code recordStats()}; without it those meters are not registered. An eviction is an entry
 * freed by reclaim (under any policy, at the memory cap or by memory pressure); removals and
 * replacements are not evictions, and compaction evicts nothing.
 */
final class KeyedCacheMeters extends CacheMeterBinder<KeyedCache<?, ?>> {
  /** Cumulative counters report this (Micrometer skips such a meter) when none are kept. */
  private static final long NOT_COUNTED = -1;

  private final ToDoubleFunction<Snapshots> evictions;
  private final Snapshots snapshots;
  /** Set once bound: the binder's probe of evictionCount() must not take a snapshot. */
  private volatile boolean bound;

  KeyedCacheMeters(KeyedCache<?, ?> cache, Snapshots snapshots) {
    super(cache, cache.name(), Tags.empty());
    this.snapshots = snapshots;
    this.evictions = snapshots.reader(s -> s.objectsReclaimed());
  }

  @Override
  protected Long size() {
    KeyedCache<?, ?> cache = getCache();
    return cache == null ? null : cache.size();
  }

  @Override
  protected long hitCount() {
    KeyedCache<?, ?> cache = getCache();
    return cache == null ? 0 : cache.hitCount();
  }

  @Override
  protected Long missCount() {
    KeyedCache<?, ?> cache = getCache();
    long misses = cache == null ? 0 : cache.missCount();
    return misses == NOT_COUNTED ? null : misses;
  }

  @Override
  protected Long evictionCount() {
    if (!bound) {
      return 0L; // the probe of CacheMeterBinder.bindTo: yes, evictions are counted
    }
    double e = evictions.applyAsDouble(snapshots);
    return Double.isNaN(e) ? 0L : (long) e;
  }

  @Override
  protected long putCount() {
    KeyedCache<?, ?> cache = getCache();
    return cache == null ? 0 : cache.putCount();
  }

  /** None: the slab meters of every cache, keyed or not, come from {@link SlabMeters}. */
  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {}

  /** Registers the meters in {@code registry}; then they read the cache. */
  void bind(MeterRegistry registry) {
    bindTo(registry);
    bound = true;
  }

  /** The tags of these meters: {@code cache=<name>}. */
  Tags tags() {
    return Tags.of(getTagsWithCacheName());
  }
}
