package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one trace replay.
 *
 * @param objectsPerSlab entries per slab
 * @param cacheObjects the cache size in objects (rounded up to whole slabs), or 0 for
 *     {@code cacheFraction} of the trace's distinct keys
 * @param cacheFraction the cache size as a fraction of the distinct keys, when {@code cacheObjects} is 0
 * @param shrinkFraction the fraction of the slabs held at the shrink that the shrink gives back
 * @param pinnedFraction the fraction of the cached keys, most recently used first, held (refcount
 *     above 1) through the shrink and the rest of the trace
 * @param placement how the policies' objects are placed in slabs before the shrink
 * @param afterWindow the accesses right after the shrink whose hits make the hit ratio after the
 *     shrink, or 0 for one cache's worth: as many accesses as the cache held objects just before
 *     the shrink (the rest of the second half is counted too, apart)
 * @param sweepSteps steps of the memory-freed sweep for the eviction chart; 0 for none
 * @param sweepMax the fraction of memory the sweep's last step has given back
 * @param policies the policies to replay, in report order
 */
public record ReplayConfig(
    int objectsPerSlab,
    long cacheObjects,
    double cacheFraction,
    double shrinkFraction,
    double pinnedFraction,
    Placement placement,
    long afterWindow,
    int sweepSteps,
    double sweepMax,
    List<ReclaimPolicy> policies) {

  /**
   * The defaults: 32 per slab, a quarter of the keys, shrink 25%, pin 1%, layout made by LRU, hit
   * ratio after the shrink over one cache's worth of accesses.
   */
  public static final ReplayConfig DEFAULTS = new ReplayConfig(32, 0, 0.25, 0.25, 0.01,
      Placement.LRU, 0, 10, 0.5, List.of(ReclaimPolicy.values()));

  /** Checks every setting and names the bad value. */
  public ReplayConfig {
    if (objectsPerSlab < 1 || objectsPerSlab > 65536) {
      throw new IllegalArgumentException("objects per slab must be between 1 and 65536: "
          + objectsPerSlab);
    }
    if (cacheObjects < 0) {
      throw new IllegalArgumentException("cache size must not be negative: " + cacheObjects);
    }
    checkFraction("cache fraction", cacheFraction, false);
    checkFraction("shrink fraction", shrinkFraction, false);
    checkFraction("pinned fraction", pinnedFraction, true);
    checkFraction("sweep maximum", sweepMax, false);
    Objects.requireNonNull(placement, "placement");
    if (afterWindow < 0) {
      throw new IllegalArgumentException("the window after the shrink must not be negative"
          + " (0 for one cache's worth of accesses): " + afterWindow);
    }
    if (sweepSteps < 0 || sweepSteps > 100) {
      throw new IllegalArgumentException("sweep steps must be between 0 and 100: " + sweepSteps);
    }
    policies = List.copyOf(policies);
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("at least one policy is needed");
    }
  }

  private static void checkFraction(String what, double v, boolean zeroAllowed) {
    if (!(v >= 0 && v < 1) || (!zeroAllowed && v == 0)) {
      throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "at least 0" : "above 0")
          + " and below 1: " + v);
    }
  }

  /**
   * The accesses counted for the hit ratio after the shrink, for a cache that held
   * {@code objectsHeld} objects just before it: {@link #afterWindow}, or that many when it is 0.
   */
  public long afterWindow(long objectsHeld) {
    return afterWindow > 0 ? afterWindow : Math.max(1, objectsHeld);
  }

  /** The cache size in slabs for a trace with {@code distinctKeys} keys; at least one slab. */
  public long cacheSlabs(long distinctKeys) {
    long objects = cacheObjects > 0 ? cacheObjects : (long) Math.ceil(cacheFraction * distinctKeys);
    return Math.max(1, (objects + objectsPerSlab - 1) / objectsPerSlab);
  }
}
