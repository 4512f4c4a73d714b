package dev.slabpool.jmx.pressure;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheRegistry;
import java.util.ArrayList;
import java.util.List;

/** Reclaim across caches: the same fraction of the slabs of every reclaimable cache. */
public final class Shrinker {
  private Shrinker() {}

  /**
   * Reclaims {@code fraction} of the slabs of every live reclaimable cache, rounded up, one cache
   * after the other. A cache destroyed meanwhile is skipped.
   *
   * @param fraction above 0 and at most 1
   * @return what each cache did
   * @throws IllegalArgumentException naming a fraction that is NaN, not above 0, or above 1
   */
  public static List<ReclaimResult> reclaim(double fraction) {
    checkFraction("fraction", fraction);
    List<ReclaimResult> results = new ArrayList<>();
    for (ManagedCache cache : SlabCacheRegistry.caches()) {
      if (!cache.isReclaimable()) {
        continue;
      }
      try {
        long pages = (long) Math.ceil(cache.stats().totalSlabs() * fraction);
        if (pages > 0) {
          results.add(cache.reclaim(pages));
        }
      } catch (IllegalStateException e) {
        if (!cache.isDestroyed()) {
          throw e;
        }
      }
    }
    return results;
  }

  /**
   * Checks a fraction of slabs.
   *
   * @throws IllegalArgumentException naming {@code what} and the value
   */
  static double checkFraction(String what, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(what + " must be above 0 and at most 1: " + fraction);
    }
    return fraction;
  }
}
