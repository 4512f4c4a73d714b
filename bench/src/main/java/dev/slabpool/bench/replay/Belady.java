package dev.slabpool.bench.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Belady's MIN with bypass, the offline optimum of hits for a cache of a given size in objects:
 * on a miss with the cache full, the cached key used again farthest in the future is evicted, or
 * the new key is not kept when its own next use is farther still. No policy holding at most that
 * many objects gets more hits over the trace. O(n log c) for n accesses and c objects.
 */
public final class Belady {
  private Belady() {}

  /**
   * Runs MIN over all of {@code keys} from an empty cache of {@code capacity} objects.
   *
   * @return the hits among the accesses {@code [from, keys.length)}
   * @throws IllegalArgumentException if {@code capacity} is below 1 or {@code from} is not an
   *     index of {@code keys} or its length
   */
  public static long hits(long[] keys, long capacity, int from) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 object: " + capacity);
    }
    if (from < 0 || from > keys.length) {
      throw new IllegalArgumentException("from must be between 0 and " + keys.length + ": "
          + from);
    }
    long[] next = nextUses(keys);
    // A cached key is represented by its next use: all are distinct, and none is in the past,
    // so access i hits exactly when the smallest one is i.
    TreeSet<Long> cached = new TreeSet<>();
    long hits = 0;
    for (int i = 0; i < keys.length; i++) {
      if (!cached.isEmpty() && cached.first() == i) {
        cached.pollFirst();
        cached.add(next[i]);
        hits += i >= from ? 1 : 0;
      } else if (cached.size() < capacity) {
        cached.add(next[i]);
      } else if (next[i] < cached.last()) {
        cached.pollLast();
        cached.add(next[i]);
      } // else bypass: the new key is needed later than every cached one
    }
    return hits;
  }

  /**
   * For each access, the index of the next access to the same key; {@code keys.length + i} for
   * access {@code i} when there is none (later than every access, and distinct).
   */
  static long[] nextUses(long[] keys) {
    int n = keys.length;
    long[] next = new long[n];
    Map<Long, Integer> later = new HashMap<>();
    for (int i = n - 1; i >= 0; i--) {
      Integer j = later.put(keys[i], i);
      next[i] = j == null ? (long) n + i : j;
    }
    return next;
  }
}
