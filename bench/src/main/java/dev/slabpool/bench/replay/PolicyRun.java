package dev.slabpool.bench.replay;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import dev.slabpool.bench.trace.Trace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One keyed cache of one policy, taken through the phases of a replay on a single thread, so
 * that the same trace and settings always give the same slab layout.
 */
final class PolicyRun implements AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong();
  private static final int PROGRESS_EVERY = 1 << 14;

  private final long[] keys;
  private final ReclaimPolicy policy;
  private final Progress progress;
  private final String label;
  private final KeyedCache<Long, Long> cache;
  private final List<CacheEntry<Long, Long>> pins = new ArrayList<>();
  private long loads;

  /** What lowering the memory cap did. */
  record Shrink(long slabsFreed, long objectsEvicted) {}

  PolicyRun(Trace trace, ReplayConfig config, long cacheSlabs, ReclaimPolicy policy,
      Progress progress, String purpose) {
    this.keys = trace.keys();
    this.policy = policy;
    this.progress = progress;
    this.label = trace.name() + " " + policy.id() + " " + purpose;
    // One arena: a single replaying thread uses one anyway; saying so keeps the layout obvious.
    this.cache = KeyedCache.<Long, Long>builder("replay-" + policy.id() + "-" + IDS.incrementAndGet())
        .objectsPerSlab(config.objectsPerSlab())
        .memoryCapSlabs(cacheSlabs)
        .arenas(1)
        .policy(config.placement().firstHalfPolicy(policy))
        .loader(this::load)
        .build();
  }

  /** The loader: a value derived from the key, counted so that misses can be told from hits. */
  private Long load(Long key) {
    loads++;
    return ~key;
  }

  /**
   * Replays accesses {@code [from, to)}: each one a lookup (loading on a miss) and a release.
   *
   * @return the hits
   */
  long replay(int from, int to, String phase) {
    long loadsBefore = loads;
    for (int i = from; i < to; i++) {
      cache.release(cache.lookup(keys[i]));
      if (((i - from) & (PROGRESS_EVERY - 1)) == 0) {
        progress.at(label + ", " + phase, i - from, to - from);
      }
    }
    return (to - from) - (loads - loadsBefore);
  }

  /**
   * Puts the run's policy in force, if it is not yet. A baseline order starts knowing nothing of
   * recency, and hot's hit counters nothing of hits, so it is taught the accesses {@code [0, to)}
   * of the keys still cached, in order: all hits, which leave the slab layout as it is. The slab
   * policy keeps no order to teach.
   */
  void switchPolicy(int to) {
    if (cache.policy() == policy) {
      return;
    }
    cache.policy(policy);
    if (policy == ReclaimPolicy.SLAB) {
      return;
    }
    for (int i = 0; i < to; i++) {
      Long key = keys[i];
      if (cache.asMap().containsKey(key)) {
        cache.release(cache.lookup(key));
      }
      if ((i & (PROGRESS_EVERY - 1)) == 0) {
        progress.at(label + ", teaching " + policy.id() + " order", i, to);
      }
    }
  }

  /**
   * Takes and holds a reference on the {@code fraction} of the cached keys that were used most
   * recently before access {@code to} (at least one key when the fraction is not 0).
   *
   * @return the number of keys pinned
   */
  int pin(double fraction, int to) {
    long wanted = fraction == 0 ? 0 : Math.max(1, Math.round(fraction * cache.size()));
    Set<Long> recent = new LinkedHashSet<>(); // most recent first
    for (int i = to - 1; i >= 0 && recent.size() < wanted; i--) {
      Long key = keys[i];
      if (!recent.contains(key) && cache.asMap().containsKey(key)) {
        recent.add(key);
      }
    }
    // Least recent first, so that the lookups keep the pinned keys' recency order.
    List<Long> ordered = new ArrayList<>(recent);
    Collections.reverse(ordered);
    for (Long key : ordered) {
      pins.add(cache.lookup(key));
    }
    return pins.size();
  }

  /** Lowers the memory cap to {@code slabs}, which reclaims down to it, as an operator would. */
  Shrink lowerCap(long slabs) {
    long held = slabsHeld();
    long size = cache.size();
    cache.memoryCap(slabs);
    return new Shrink(held - slabsHeld(), size - cache.size());
  }

  /** Objects (keys) the cache holds. */
  long objectsHeld() {
    return cache.size();
  }

  long slabsHeld() {
    return cache.stats().totalSlabs();
  }

  double density() {
    return cache.stats().density();
  }

  SlabMap slabMap() {
    return cache.slabMap();
  }

  @Override
  public void close() {
    for (CacheEntry<Long, Long> e : pins) {
      cache.release(e);
    }
    pins.clear();
    cache.destroy();
  }
}
