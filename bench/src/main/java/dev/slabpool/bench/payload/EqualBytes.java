package dev.slabpool.bench.payload;

import java.util.HashSet;
import java.util.Set;

/**
 * The memory budget of a replay, the same for every peer: {@code fraction} of the bytes of the
 * trace's distinct keys' values, in whole slabs of a size chosen from it. The slab size is the
 * largest power of two at most a 64th of that budget, between 4 KiB (the largest value must fit)
 * and 1 MiB (the default); the budget is then rounded down to whole slabs, so that slabpool's
 * cap ({@code memoryCapBytes}, whole slabs) is exactly what the peers get.
 *
 * @param distinctKeys distinct keys of the accesses
 * @param distinctBytes bytes of their values
 * @param slabSize the slab size of slabpool's cache
 * @param capBytes the budget of every peer
 */
public record EqualBytes(long distinctKeys, long distinctBytes, int slabSize, long capBytes) {
  /** The smallest slab: the largest value of {@link ValueSizes#of} must fit in one. */
  static final int MIN_SLAB = ValueSizes.MAX;
  static final int MAX_SLAB = 1 << 20;
  static final int SLABS_AT_LEAST = 64;

  /** The budget for {@code keys}, at {@code fraction} of their distinct values' bytes. */
  public static EqualBytes of(long[] keys, double fraction) {
    Set<Long> seen = new HashSet<>();
    long bytes = 0;
    for (long k : keys) {
      if (seen.add(k)) {
        bytes += ValueSizes.of(k);
      }
    }
    long budget = (long) (bytes * fraction);
    int slab = (int) Math.max(MIN_SLAB, Math.min(MAX_SLAB,
        Long.highestOneBit(Math.max(1, budget / SLABS_AT_LEAST))));
    long cap = Math.max(1, budget / slab) * slab;
    return new EqualBytes(seen.size(), bytes, slab, cap);
  }

  /** The budget in slabs of {@link #slabSize}. */
  public long slabs() {
    return capBytes / slabSize;
  }
}
