package dev.slabpool.bench.payload;

import java.util.function.LongToIntFunction;

/**
 * A cache of byte values under long keys, as the payload benchmarks drive it: a read that copies
 * or decodes the value out, and a put of a value of a given size. Each implementation is one
 * cache at one capacity in bytes; what it counts against that capacity differs
 * ({@link #counts()}).
 */
public interface PayloadPeer extends AutoCloseable {

  /** The peer's name in reports. */
  String name();

  /** What this peer counts against its capacity, for the reports. */
  String counts();

  /** Reads the value of a key out; whether it was a hit. */
  boolean get(long key);

  /** Caches a value of {@code size} bytes under a key. */
  void put(long key, int size);

  /** Entries cached now. */
  long entries();

  /** Bytes of the values cached now, given the size function they were put with. */
  long valueBytes(LongToIntFunction size);

  /** Releases the cache's memory. */
  @Override
  void close();
}
