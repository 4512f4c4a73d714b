package dev.slabpool.bench.payload;

import dev.slabpool.Payload;
import dev.slabpool.PayloadCache;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.ValueCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToIntFunction;

/**
 * slabpool's {@link PayloadCache} with {@link Payload#DIRECT} payload and one arena (the replays
 * run on one thread), its smallest slot the smallest value size. Reads copy out into a reused
 * direct buffer and puts copy from one: neither allocates.
 */
public final class SlabpoolPeer implements PayloadPeer {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final PayloadCache<Long, byte[]> cache;
  private final ByteBuffer src = ByteBuffer.allocateDirect(ValueSizes.MAX);
  private final ByteBuffer dst = ByteBuffer.allocateDirect(ValueSizes.MAX);

  private SlabpoolPeer(PayloadCache<Long, byte[]> cache) {
    this.cache = cache;
  }

  /**
   * A payload cache of slabs of {@code slabSize} bytes.
   *
   * @param capBytes the shared memory cap, or -1 for none
   * @param smallestSlot the smallest size class's slot
   */
  public static SlabpoolPeer of(long capBytes, int slabSize, int smallestSlot) {
    PayloadCache.Builder<Long, byte[]> b = PayloadCache.<Long, byte[]>builder(
            "bench-payload-" + NAMES.incrementAndGet(), ValueCodec.bytes())
        .payload(Payload.DIRECT).slabSize(slabSize).smallestSlot(smallestSlot).arenas(1);
    if (capBytes >= 0) {
      b.memoryCapBytes(capBytes);
    }
    return new SlabpoolPeer(b.build());
  }

  /** The cache itself, for its statistics and its size classes. */
  public PayloadCache<Long, byte[]> cache() {
    return cache;
  }

  @Override
  public String name() {
    return "slabpool PayloadCache (DIRECT)";
  }

  @Override
  public String counts() {
    return "whole slabs: the cap is a number of slabs, each slab's block counted whole, used or"
        + " not; the slot rounding of the size classes and the slots left free are inside it;"
        + " keys, the index and the entry shells are on the heap, outside it";
  }

  @Override
  public boolean get(long key) {
    dst.clear();
    return cache.get(key, dst) >= 0;
  }

  @Override
  public void put(long key, int size) {
    src.clear().limit(size);
    cache.put(key, src);
  }

  @Override
  public long entries() {
    return cache.size();
  }

  /** The classes' requested bytes: the values' own lengths, whatever their size function. */
  @Override
  public long valueBytes(LongToIntFunction size) {
    long bytes = 0;
    for (SlabCacheStats s : cache.classStats()) {
      bytes += s.requestedBytes();
    }
    return bytes;
  }

  @Override
  public void close() {
    cache.destroy();
  }
}
