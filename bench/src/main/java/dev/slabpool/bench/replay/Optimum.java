package dev.slabpool.bench.replay;

import dev.slabpool.SlabMap;
import java.util.Arrays;

/**
 * The offline optimum (bench/README.md): to free F slabs, evict the objects of the F slabs with the
 * fewest unpinned objects among the slabs with no pinned object. No policy that evicts objects
 * where they are (slab, lru, caffeine) can free F slabs of the same layout with fewer evictions,
 * because a freed slab had all its objects evicted and a slab with a pinned object cannot be
 * freed. The hot policy moves the entries it keeps out of the slabs it frees, so on a layout with
 * holes it can evict fewer, and its efficiency can exceed 1.
 */
public final class Optimum {
  private Optimum() {}

  /**
   * Objects the optimum evicts to free {@code slabs} slabs of {@code layout}.
   *
   * @return the count, or -1 when fewer than {@code slabs} slabs are free of pinned objects
   * @throws IllegalArgumentException if {@code slabs} is negative
   */
  public static long evicted(SlabMap layout, long slabs) {
    long[] curve = curve(layout);
    if (slabs < 0) {
      throw new IllegalArgumentException("slabs must not be negative: " + slabs);
    }
    return slabs < curve.length ? curve[(int) slabs] : -1;
  }

  /**
   * The optimum for every feasible number of slabs: {@code curve[f]} is the objects evicted to free
   * {@code f} slabs, for {@code f} from 0 to the number of slabs without pinned objects.
   */
  public static long[] curve(SlabMap layout) {
    int[] active = layout.active();
    int[] pinned = layout.pinned();
    int[] candidates = new int[active.length];
    int n = 0;
    for (int i = 0; i < active.length; i++) {
      if (pinned[i] == 0) {
        candidates[n++] = active[i];
      }
    }
    Arrays.sort(candidates, 0, n);
    long[] curve = new long[n + 1];
    for (int f = 1; f <= n; f++) {
      curve[f] = curve[f - 1] + candidates[f - 1];
    }
    return curve;
  }
}
