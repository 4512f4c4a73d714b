package dev.slabpool.bench.payload;

/**
 * The value sizes of the payload benchmarks: a deterministic function of the key, the same for
 * every peer and every run. A key's 64 bits are mixed (SplitMix64's finaliser) into a uniform
 * {@code h} in [0, 1); the size is {@code lo * (hi / lo)^(h^2)}, rounded down: log-uniform
 * between {@code lo} and {@code hi} with a skew to small values (squaring {@code h}). For
 * {@link #of} ({@code lo} 32, {@code hi} 4096), over keys 0 to 999,999: median 107 bytes, mean
 * 490, 38% of values below 64 bytes, 7.4% at 2 KiB or more.
 */
public final class ValueSizes {
  /** The smallest value of {@link #of}, in bytes. */
  public static final int MIN = 32;
  /** {@link #of} is below this, in bytes. */
  public static final int MAX = 4096;

  private ValueSizes() {}

  /** The value size of a key, in [{@link #MIN}, {@link #MAX}). */
  public static int of(long key) {
    return between(key, MIN, MAX);
  }

  /** The value size of a key in [{@code lo}, {@code hi}), by the skewed log-uniform rule. */
  public static int between(long key, int lo, int hi) {
    double h = unit(key);
    int size = (int) (lo * StrictMath.pow((double) hi / lo, h * h));
    return Math.min(size, hi - 1); // rounding cannot reach hi, but say so
  }

  /** A key mixed into [0, 1), uniformly. */
  static double unit(long key) {
    long z = key;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
