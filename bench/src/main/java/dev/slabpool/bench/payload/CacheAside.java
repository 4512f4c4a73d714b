package dev.slabpool.bench.payload;

import dev.slabpool.bench.replay.Progress;
import java.util.function.LongToIntFunction;

/**
 * Replays accesses cache-aside: each access reads its key; a miss puts the key's value, of the
 * size the size function gives, as an application that loads and caches would.
 */
public final class CacheAside {
  private static final int PROGRESS_EVERY = 1 << 14;

  private CacheAside() {}

  /**
   * What a replay counted.
   *
   * @param accesses accesses replayed
   * @param hits accesses that hit
   * @param bytes bytes of the values of all accesses
   * @param hitBytes bytes of the values of the hits
   */
  public record Hits(long accesses, long hits, long bytes, long hitBytes) {
    /** Hits per access. */
    public double ratio() {
      return (double) hits / accesses;
    }

    /** Bytes of the hits per byte accessed (the byte hit ratio). */
    public double byteRatio() {
      return (double) hitBytes / bytes;
    }

    /** Both replays' counts. */
    public Hits plus(Hits o) {
      return new Hits(accesses + o.accesses, hits + o.hits, bytes + o.bytes,
          hitBytes + o.hitBytes);
    }
  }

  /** Replays {@code keys[from, to)} through {@code peer}. */
  public static Hits replay(PayloadPeer peer, long[] keys, int from, int to,
      LongToIntFunction size, Progress progress, String phase) {
    long hits = 0;
    long bytes = 0;
    long hitBytes = 0;
    for (int i = from; i < to; i++) {
      long key = keys[i];
      int length = size.applyAsInt(key);
      bytes += length;
      if (peer.get(key)) {
        hits++;
        hitBytes += length;
      } else {
        peer.put(key, length);
      }
      if ((i & (PROGRESS_EVERY - 1)) == 0) {
        progress.at(phase, i - from, to - from);
      }
    }
    return new Hits(to - from, hits, bytes, hitBytes);
  }

  /**
   * Replays {@code keys[from, to)} in windows of {@code window} accesses (the last may be
   * shorter).
   *
   * @return each window's hit ratio, in order
   */
  public static double[] windows(PayloadPeer peer, long[] keys, int from, int to, int window,
      LongToIntFunction size, Progress progress, String phase) {
    int n = (to - from + window - 1) / window;
    double[] ratios = new double[n];
    for (int w = 0; w < n; w++) {
      int start = from + w * window;
      int end = Math.min(to, start + window);
      ratios[w] = replay(peer, keys, start, end, size, progress, phase).ratio();
    }
    return ratios;
  }
}
