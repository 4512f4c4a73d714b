package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;

/**
 * What one policy did with one trace: the shrink, and the hit ratios around it.
 *
 * @param trace the trace name
 * @param policy the policy
 * @param accesses accesses in the trace
 * @param cacheSlabs the memory cap before the shrink, in slabs
 * @param objectsPerSlab entries per slab
 * @param pinned keys held through the shrink and the rest of the trace
 * @param slabsBefore slabs held just before the shrink
 * @param slabsRequested slabs the shrink gives back (the cap is lowered by that many)
 * @param slabsFreed slabs actually given back
 * @param objectsEvicted cached entries freed by the shrink
 * @param optimumEvicted what the offline optimum evicts to free {@code slabsFreed} slabs of the
 *     same layout, or -1 when that many slabs without pinned objects do not exist
 * @param densityBefore density just before the shrink
 * @param densityAfter density just after the shrink
 * @param afterWindow the accesses right after the shrink that {@code hitRatioAfterShrink} counts
 *     (see {@link ReplayConfig#afterWindow}; fewer when the second half is shorter)
 * @param hitRatioAfterShrink hits / accesses over the {@code afterWindow} accesses right after the
 *     shrink, at the reduced cap: what the shrink cost
 * @param steadyWindowHitRatio hits / accesses over the same accesses without the shrink
 * @param hitRatioRestAfterShrink hits / accesses over the whole second half, at the reduced cap
 * @param steadyHitRatio hits / accesses over the whole second half without the shrink
 */
public record PolicyResult(
    String trace,
    ReclaimPolicy policy,
    long accesses,
    long cacheSlabs,
    int objectsPerSlab,
    long pinned,
    long slabsBefore,
    long slabsRequested,
    long slabsFreed,
    long objectsEvicted,
    long optimumEvicted,
    double densityBefore,
    double densityAfter,
    long afterWindow,
    double hitRatioAfterShrink,
    double steadyWindowHitRatio,
    double hitRatioRestAfterShrink,
    double steadyHitRatio) {

  /** Objects evicted per slab given back; NaN when no slab was given back. */
  public double evictedPerFreedSlab() {
    return slabsFreed == 0 ? Double.NaN : (double) objectsEvicted / slabsFreed;
  }

  /** Optimum evicted / evicted: 1 at the optimum; NaN when the optimum is not defined. */
  public double efficiency() {
    if (optimumEvicted < 0) {
      return Double.NaN;
    }
    return objectsEvicted == 0 ? 1.0 : (double) optimumEvicted / objectsEvicted;
  }

  /** Hit ratio the shrink cost over the window after it: without the shrink minus with it. */
  public double windowLoss() {
    return steadyWindowHitRatio - hitRatioAfterShrink;
  }

  /** Hit ratio the shrink cost over the whole second half: without the shrink minus with it. */
  public double restLoss() {
    return steadyHitRatio - hitRatioRestAfterShrink;
  }

  /** The JSON object the replay command prints. */
  public Json toJson(ReplayConfig config) {
    return new Json()
        .put("trace", trace)
        .put("policy", policy.id())
        .put("placement", config.placement().id())
        .put("accesses", accesses)
        .put("objectsPerSlab", objectsPerSlab)
        .put("cacheSlabs", cacheSlabs)
        .put("shrinkFraction", config.shrinkFraction())
        .put("pinnedFraction", config.pinnedFraction())
        .put("pinned", pinned)
        .put("slabsBefore", slabsBefore)
        .put("slabsRequested", slabsRequested)
        .put("slabsFreed", slabsFreed)
        .put("objectsEvicted", objectsEvicted)
        .put("evictedPerFreedSlab", evictedPerFreedSlab())
        .put("optimumEvicted", optimumEvicted < 0 ? null : optimumEvicted)
        .put("efficiency", efficiency())
        .put("densityBefore", densityBefore)
        .put("densityAfter", densityAfter)
        .put("afterWindow", afterWindow)
        .put("hitRatioAfterShrink", hitRatioAfterShrink)
        .put("steadyWindowHitRatio", steadyWindowHitRatio)
        .put("hitRatioRestAfterShrink", hitRatioRestAfterShrink)
        .put("steadyHitRatio", steadyHitRatio);
  }
}
