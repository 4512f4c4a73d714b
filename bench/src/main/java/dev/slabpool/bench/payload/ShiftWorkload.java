package dev.slabpool.bench.payload;

import dev.slabpool.bench.jmh.Zipf;

/**
 * Accesses whose value sizes shift from small to large half-way: the first half draws keys
 * {@code 0 .. smallKeys-1} (Zipf 0.99), whose values are {@link ValueSizes#between} 32 and 256
 * bytes; the second half draws keys {@code smallKeys .. smallKeys+largeKeys-1} (Zipf 0.99,
 * another seed), whose values are between 1024 and 4096 bytes. The first half's keys are never
 * read again, so after the shift their memory is worth nothing, and the cache must hand it to
 * the large values' size classes.
 *
 * @param keys the accesses
 * @param shiftAt the index of the first access of the second half
 * @param smallKeys keys of the first half
 * @param largeKeys keys of the second half
 */
public record ShiftWorkload(long[] keys, int shiftAt, int smallKeys, int largeKeys) {
  static final int SMALL_LO = 32;
  static final int SMALL_HI = 256;
  static final int LARGE_LO = 1024;
  static final int LARGE_HI = ValueSizes.MAX;

  /** {@code perHalf} accesses of each half. */
  public static ShiftWorkload of(int smallKeys, int largeKeys, int perHalf, long seed) {
    long[] keys = new long[2 * perHalf];
    int[] small = Zipf.indices(smallKeys, perHalf, seed);
    int[] large = Zipf.indices(largeKeys, perHalf, seed + 1);
    for (int i = 0; i < perHalf; i++) {
      keys[i] = small[i];
      keys[perHalf + i] = (long) smallKeys + large[i];
    }
    return new ShiftWorkload(keys, perHalf, smallKeys, largeKeys);
  }

  /** The value size of a key. */
  public int size(long key) {
    return key < smallKeys ? ValueSizes.between(key, SMALL_LO, SMALL_HI)
        : ValueSizes.between(key, LARGE_LO, LARGE_HI);
  }

  /** Bytes of the values of all keys of one half ({@code large} for the second). */
  public long halfBytes(boolean large) {
    long bytes = 0;
    long from = large ? smallKeys : 0;
    long to = large ? (long) smallKeys + largeKeys : smallKeys;
    for (long k = from; k < to; k++) {
      bytes += size(k);
    }
    return bytes;
  }
}
