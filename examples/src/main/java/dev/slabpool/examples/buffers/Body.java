package dev.slabpool.examples.buffers;

import dev.slabpool.SlabCache;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.examples.http.HttpError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A request body held in buffers borrowed from the pool, one after the other as it is read, with
 * its CRC-32C. {@link #close()} frees every buffer back to the pool.
 */
final class Body implements AutoCloseable {
  private final SlabCache<RequestBuffer> pool;
  private final List<RequestBuffer> buffers = new ArrayList<>();
  /** Bytes filled in each buffer. */
  private final List<Integer> filled = new ArrayList<>();
  private final CRC32C crc = new CRC32C();
  private long length;

  private Body(SlabCache<RequestBuffer> pool) {
    this.pool = pool;
  }

  /**
   * Reads a body into borrowed buffers.
   *
   * @throws HttpError 413 when the body is longer than {@code maxBytes}
   * @throws dev.slabpool.SlabCacheFullException when the pool is at its memory cap with every
   *     buffer in use
   */
  static Body read(SlabCache<RequestBuffer> pool, InputStream in, long maxBytes)
      throws IOException {
    Body body = new Body(pool);
    try {
      ReadableByteChannel channel = Channels.newChannel(in);
      for (;;) {
        RequestBuffer b = pool.allocate();
        body.buffers.add(b);
        ByteBuffer space = pool.payload(b).duplicate().clear();
        while (space.hasRemaining() && channel.read(space) >= 0) {
          // fill the buffer or reach the end of the body
        }
        int n = space.position();
        body.filled.add(n);
        body.crc.update(space.flip());
        body.length += n;
        if (body.length > maxBytes) {
          throw new HttpError(413, "request body over the limit of " + Sizes.format(maxBytes));
        }
        if (space.capacity() > n) {
          return body; // the end of the body
        }
      }
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  /** Body bytes. */
  long length() {
    return length;
  }

  /** Buffers borrowed. */
  int buffers() {
    return buffers.size();
  }

  /** The CRC-32C of the body. */
  long crc32c() {
    return crc.getValue();
  }

  /** Writes the body from its buffers. */
  void writeTo(OutputStream out) throws IOException {
    WritableByteChannel channel = Channels.newChannel(out);
    for (int i = 0; i < buffers.size(); i++) {
      ByteBuffer data = pool.payload(buffers.get(i)).duplicate().limit(filled.get(i));
      while (data.hasRemaining()) {
        channel.write(data);
      }
    }
  }

  /** Frees every buffer back to the pool. */
  @Override
  public void close() {
    for (RequestBuffer b : buffers) {
      pool.free(b);
    }
    buffers.clear();
  }
}
