package dev.slabpool.jmx.micrometer;

import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheStats;
import java.lang.ref.WeakReference;
import java.util.function.ToDoubleFunction;

/**
 * The statistics snapshots that the meters of one cache read: a meter that reads twice takes a
 * new snapshot, the others read the one it took, if it is less than {@link #MAX_AGE_NANOS} old.
 * A scrape that reads each meter once so reads them all from one snapshot, and figures published
 * as separate series (objects in use, cached and free) add up to the total of that snapshot; a
 * reader of some meters only (an actuator's metrics endpoint) never gets an older one. Holds its
 * cache weakly.
 */
final class Snapshots {
  /** How long a snapshot may serve meters that have not read it yet: longer than a scrape. */
  static final long MAX_AGE_NANOS = 1_000_000_000L;

  private final WeakReference<ManagedCache> cache;
  private long takenAt;
  /** Bit {@code i}: reader {@code i} has read {@link #current}. */
  private long readBits;
  private int readers;
  private SlabCacheStats current;

  Snapshots(ManagedCache cache) {
    this.cache = new WeakReference<>(cache);
  }

  /** A figure of the snapshot for one meter; NaN once the cache is destroyed or collected. */
  synchronized ToDoubleFunction<Snapshots> reader(ToDoubleFunction<SlabCacheStats> figure) {
    if (readers == Long.SIZE) {
      throw new IllegalStateException("at most " + Long.SIZE + " meters per cache");
    }
    long bit = 1L << readers++;
    return s -> s.read(bit, figure);
  }

  private synchronized double read(long bit, ToDoubleFunction<SlabCacheStats> figure) {
    long now = System.nanoTime();
    if (current == null || (readBits & bit) != 0 || now - takenAt > MAX_AGE_NANOS) {
      ManagedCache c = cache.get();
      if (c == null || c.isDestroyed()) {
        return Double.NaN;
      }
      current = c.stats();
      takenAt = now;
      readBits = 0;
    }
    readBits |= bit;
    return figure.applyAsDouble(current);
  }
}
