package dev.slabpool.bench.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.LongToIntFunction;
import org.caffinitas.ohc.CacheSerializer;
import org.caffinitas.ohc.CloseableIterator;
import org.caffinitas.ohc.OHCache;
import org.caffinitas.ohc.OHCacheBuilder;

/**
 * OHC (its linked implementation, LRU) with one segment: one LRU over the whole capacity, its
 * best hit ratio (its default, twice the processors' segments, splits the capacity among them).
 * Each entry is one native allocation of a 64-byte header, the key and the value, all counted
 * against the capacity; the bucket tables (8 bytes a bucket) are not.
 */
public final class OhcPeer implements PayloadPeer {
  /** OHC's entry header, the {@code ENTRY_OFF_DATA} of its {@code linked.Util}. */
  public static final int ENTRY_HEADER = 64;
  /** Bytes of one bucket of OHC's hash tables, its {@code BUCKET_ENTRY_LEN}. */
  public static final int BUCKET_BYTES = 8;

  /** Long keys as 8 bytes; shared with {@link PayloadBenchmark}. */
  static final CacheSerializer<Long> LONGS = new CacheSerializer<>() {
    @Override
    public void serialize(Long value, ByteBuffer buf) {
      buf.putLong(value);
    }

    @Override
    public Long deserialize(ByteBuffer buf) {
      return buf.getLong();
    }

    @Override
    public int serializedSize(Long value) {
      return Long.BYTES;
    }
  };

  private static final CacheSerializer<byte[]> BYTES = new CacheSerializer<>() {
    @Override
    public void serialize(byte[] value, ByteBuffer buf) {
      buf.put(value);
    }

    @Override
    public byte[] deserialize(ByteBuffer buf) {
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      return b;
    }

    @Override
    public int serializedSize(byte[] value) {
      return value.length;
    }
  };

  private final OHCache<Long, byte[]> cache;

  /** A cache of {@code capBytes}, entry headers and keys included. */
  public OhcPeer(long capBytes) {
    this.cache = OHCacheBuilder.<Long, byte[]>newBuilder().keySerializer(LONGS)
        .valueSerializer(BYTES).capacity(capBytes).segmentCount(1).build();
  }

  /** The cache itself, for its statistics. */
  public OHCache<Long, byte[]> cache() {
    return cache;
  }

  /** Bytes of the bucket tables, outside the capacity. */
  public long tableBytes() {
    long buckets = 0;
    for (int b : cache.hashTableSizes()) {
      buckets += b;
    }
    return buckets * BUCKET_BYTES;
  }

  @Override
  public String name() {
    return "OHC 0.7.4 (linked, LRU, 1 segment)";
  }

  @Override
  public String counts() {
    return "each entry's native allocation: a " + ENTRY_HEADER + "-byte header, the 8-byte key"
        + " and the value; the bucket tables (" + BUCKET_BYTES + " bytes a bucket) and"
        + " malloc's own per-allocation overhead are outside it";
  }

  @Override
  public boolean get(long key) {
    return cache.get(key) != null;
  }

  @Override
  public void put(long key, int size) {
    cache.put(key, new byte[size]); // garbage once serialised: nothing of it stays on the heap
  }

  @Override
  public long entries() {
    return cache.size();
  }

  @Override
  public long valueBytes(LongToIntFunction size) {
    long bytes = 0;
    try (CloseableIterator<Long> keys = cache.keyIterator()) {
      while (keys.hasNext()) {
        bytes += size.applyAsInt(keys.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** Puts OHC refused (an entry larger than it takes, or no room). */
  public long putFailures() {
    return cache.stats().getPutFailCount();
  }

  @Override
  public void close() {
    try {
      cache.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
