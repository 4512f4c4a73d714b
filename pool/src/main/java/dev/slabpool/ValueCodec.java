package dev.slabpool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link PayloadCache} turns values into the bytes it keeps in its slots, and back.
 *
 * <p>{@link #encode} gets a buffer of exactly {@link #size} bytes (position 0, limit the size) and
 * must fill it: writing past it throws {@link java.nio.BufferOverflowException}, and the cache
 * refuses a value whose encoding fills less or more than its size, naming both; nothing is cached
 * then. {@link #decode} gets a read-only buffer of exactly the bytes encoded (position 0, limit
 * the length) and must not keep it: its bytes belong to a slot that is reused once the entry is
 * freed. Both must be stateless or thread-safe.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /** The number of bytes {@link #encode} writes for {@code value}; not negative. */
  int size(V value);

  /** Writes {@code value} into {@code dst}, which has exactly {@link #size} bytes remaining. */
  void encode(V value, ByteBuffer dst);

  /** Reads a value from {@code src}, which holds exactly the bytes one encode wrote. */
  V decode(ByteBuffer src);

  /** {@code byte[]} values as they are. */
  static ValueCodec<byte[]> bytes() {
    return Codecs.BYTES;
  }

  /** {@code String} values as UTF-8. */
  static ValueCodec<String> utf8() {
    return Codecs.UTF_8;
  }
}

/** The codecs {@link ValueCodec} names. */
final class Codecs {
  static final ValueCodec<byte[]> BYTES = new ValueCodec<>() {
    @Override
    public int size(byte[] value) {
      return value.length;
    }

    @Override
    public void encode(byte[] value, ByteBuffer dst) {
      dst.put(value);
    }

    @Override
    public byte[] decode(ByteBuffer src) {
      byte[] value = new byte[src.remaining()];
      src.get(value);
      return value;
    }
  };

  static final ValueCodec<String> UTF_8 = new ValueCodec<>() {
    @Override
    public int size(String value) {
      return value.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void encode(String value, ByteBuffer dst) {
      dst.put(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decode(ByteBuffer src) {
      return StandardCharsets.UTF_8.decode(src).toString();
    }
  };

  private Codecs() {}
}
