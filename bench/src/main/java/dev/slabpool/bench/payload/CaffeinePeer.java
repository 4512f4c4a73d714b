package dev.slabpool.bench.payload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.LongToIntFunction;

/**
 * Caffeine holding {@code byte[]} values, bounded by a weigher that counts each value's length,
 * with maintenance run on the calling thread so that a replay is deterministic.
 */
public final class CaffeinePeer implements PayloadPeer {
  private final Cache<Long, byte[]> cache;

  /** A cache whose values' lengths add up to at most {@code capBytes}. */
  public CaffeinePeer(long capBytes) {
    this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumWeight(capBytes)
        .weigher((Long k, byte[] v) -> v.length).build();
  }

  /** The cache itself, for a heap walk. */
  public Cache<Long, byte[]> cache() {
    return cache;
  }

  @Override
  public String name() {
    return "Caffeine, weigher on byte[]";
  }

  @Override
  public String counts() {
    return "the values' bytes only (the weigher gives each value's length): the byte[] headers,"
        + " the keys, the nodes and the table are on the heap, outside it";
  }

  @Override
  public boolean get(long key) {
    return cache.getIfPresent(key) != null;
  }

  @Override
  public void put(long key, int size) {
    cache.put(key, new byte[size]);
  }

  @Override
  public long entries() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public long valueBytes(LongToIntFunction size) {
    cache.cleanUp();
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }
}
