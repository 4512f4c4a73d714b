package dev.slabpool;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The scan resistance of the hot policy, after S3-FIFO: the keys of new entries wait on a
 * probation queue, and the hot policy's reclaim evicts the ones that were not hit while there
 * before it looks at any older entry; a key evicted from probation is remembered in a ghost set,
 * and comes back straight into the main part of the cache if it is inserted again soon. So keys
 * seen once (a scan, a loop larger than the cache) pass through the probation queue and leave the
 * entries that earned their place alone.
 *
 * <p>Sizes are S3-FIFO's: the newest tenth of the capacity is never taken from the queue (a new
 * entry has that many insertions' time to be hit), and the ghost set remembers about as many keys
 * as the cache holds. Both are bounded and lossy, which costs a few wrong guesses, never
 * correctness: the queue holds keys, which the reclaim looks up and checks.
 */
final class Probation {
  /** The queue: a ring of keys, written by inserting threads, read by the reclaim alone. */
  private volatile AtomicReferenceArray<Object> ring = new AtomicReferenceArray<>(2);
  private final AtomicLong tail = new AtomicLong();
  /** The next key the reclaim looks at; only the reclaim (one at a time) moves it. */
  private long head;
  /** How many of the newest keys stay on probation whatever the reclaim needs. */
  private volatile long depth = 1;
  /**
   * The ghost set: a direct-mapped table of key fingerprints, newer evictions overwriting older
   * ones. Plain ints, read and written racily by design: a lost or torn-in-time update is one
   * wrong guess about one key (ints are written whole).
   */
  private volatile int[] ghosts = new int[2];
  /** Objects per slab: a reclaim wants at least that many keys beyond the depth. */
  private final int objectsPerSlab;

  Probation(int objectsPerSlab) {
    this.objectsPerSlab = objectsPerSlab;
  }

  /** Sizes the queue and the ghost set for a cache of this many objects. */
  void capacity(long objects) {
    long d = Math.max(1, Math.min(1 << 22, objects / 10));
    depth = d;
    // Room for the depth and at least a slab's worth beyond it, twice over: a small cache's
    // reclaim can then take a whole slab's holes from probation.
    int queue = powerOfTwoAtLeast(2 * (d + objectsPerSlab));
    if (queue != ring.length()) {
      ring = new AtomicReferenceArray<>(queue); // the keys on probation go to the main part
    }
    int ghost = powerOfTwoAtLeast(Math.min(1 << 24, objects));
    if (ghost != ghosts.length) {
      ghosts = new int[ghost];
    }
  }

  private static int powerOfTwoAtLeast(long n) {
    return (int) Math.max(2, Long.highestOneBit(Math.max(1, n) * 2 - 1));
  }

  /**
   * A new entry of this key: on probation, unless the key was evicted from probation not long
   * ago (a ghost hit, which forgets the ghost).
   */
  void inserted(Object key) {
    int[] g = ghosts;
    int h = fingerprint(key);
    int i = slot(h, g.length);
    if (g[i] == h) {
      g[i] = 0;
      return;
    }
    AtomicReferenceArray<Object> r = ring;
    // AtomicReferenceArray.set publishes the key to the reclaim's get with it.
    r.set((int) (tail.getAndIncrement() & (r.length() - 1)), key);
  }

  /**
   * The oldest key on probation beyond the newest {@code depth}, taken off the queue, or
   * {@code null} when there is none. A key may be stale (removed, replaced, hit since): the
   * caller looks it up and decides. Called by one reclaim at a time.
   */
  Object oldest() {
    AtomicReferenceArray<Object> r = ring;
    long t = tail.get();
    head = Math.max(head, t - r.length()); // keys overwritten by a full ring left probation
    while (t - head > depth) {
      Object key = r.get((int) (head++ & (r.length() - 1)));
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** Remembers a key evicted from probation. */
  void evicted(Object key) {
    int[] g = ghosts;
    int h = fingerprint(key);
    g[slot(h, g.length)] = h;
  }

  /** A non-zero hash of the key (0 marks an empty ghost slot). */
  private static int fingerprint(Object key) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) | 1;
  }

  private static int slot(int fingerprint, int length) {
    return (fingerprint * 0x85EBCA6B >>> 8) & (length - 1);
  }
}
