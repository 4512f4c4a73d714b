package dev.slabpool.bench.replay;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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
 * @param optHitRatio Belady's optimum ({@link Belady}): hits / accesses over the same accesses as
 *     {@code steadyHitRatio}, of MIN with bypass at the capacity before the shrink
 *     ({@code cacheSlabs} x {@code objectsPerSlab} objects) run over the whole trace from an empty
 *     cache; the same for every policy of a trace. No policy of that capacity has more hits over
 *     the whole trace; over the second half alone one could, by giving up hits of the first half.
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
    double steadyHitRatio,
    double optHitRatio) {

  /**
   * Compact (one object per line), null fields kept (Gson drops them by default), and {@code <},
   * {@code >}, {@code &}, {@code =}, {@code '} written as they are, not as HTML-safe escapes.
   */
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
      .create();

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

  /**
   * The JSON object the replay command prints, on one line, fields in this order; numbers that
   * are not defined (NaN, infinite, or an optimum of -1) are {@code null}.
   */
  public String toJson(ReplayConfig config) {
    JsonObject o = new JsonObject();
    o.addProperty("trace", trace);
    o.addProperty("policy", policy.id());
    o.addProperty("placement", config.placement().id());
    o.addProperty("accesses", accesses);
    o.addProperty("objectsPerSlab", objectsPerSlab);
    o.addProperty("cacheSlabs", cacheSlabs);
    o.add("shrinkFraction", finite(config.shrinkFraction()));
    o.add("pinnedFraction", finite(config.pinnedFraction()));
    o.addProperty("pinned", pinned);
    o.addProperty("slabsBefore", slabsBefore);
    o.addProperty("slabsRequested", slabsRequested);
    o.addProperty("slabsFreed", slabsFreed);
    o.addProperty("objectsEvicted", objectsEvicted);
    o.add("evictedPerFreedSlab", finite(evictedPerFreedSlab()));
    o.addProperty("optimumEvicted", optimumEvicted < 0 ? null : optimumEvicted);
    o.add("efficiency", finite(efficiency()));
    o.add("densityBefore", finite(densityBefore));
    o.add("densityAfter", finite(densityAfter));
    o.addProperty("afterWindow", afterWindow);
    o.add("hitRatioAfterShrink", finite(hitRatioAfterShrink));
    o.add("steadyWindowHitRatio", finite(steadyWindowHitRatio));
    o.add("hitRatioRestAfterShrink", finite(hitRatioRestAfterShrink));
    o.add("steadyHitRatio", finite(steadyHitRatio));
    o.add("optHitRatio", finite(optHitRatio));
    return GSON.toJson(o);
  }

  /** JSON has no NaN or infinities: they are written as null. */
  private static JsonElement finite(double d) {
    return Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE;
  }
}
