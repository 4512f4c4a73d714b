package dev.slabpool.bench.jmh;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Skewed key indices: a Zipf distribution over {@code n} items, drawn ahead of time. */
public final class Zipf {
  /** YCSB's default skew. */
  static final double SKEW = 0.99;

  private Zipf() {}

  /**
   * {@code samples} indices in {@code [0, n)}, index {@code i} drawn with probability proportional
   * to {@code 1 / (i + 1)^SKEW}, then scattered so that hot items are not neighbours in memory.
   */
  public static int[] indices(int n, int samples, long seed) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, SKEW);
      cdf[i] = sum;
    }
    int[] scatter = permutation(n, seed ^ 0x9E3779B97F4A7C15L);
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[samples];
    for (int s = 0; s < samples; s++) {
      int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
      out[s] = scatter[Math.min(n - 1, rank < 0 ? -rank - 1 : rank)];
    }
    return out;
  }

  private static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
