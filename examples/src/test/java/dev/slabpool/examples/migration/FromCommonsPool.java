package dev.slabpool.examples.migration;

import dev.slabpool.Payload;
import dev.slabpool.SlabCache;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * The migration guide's second example (examples/README.md): a pool of 64 KiB direct request
 * buffers, in Apache Commons Pool 2 and then in slabpool. The README quotes this code;
 * {@code ReadmeSnippetsTest} checks it does so word for word.
 */
final class FromCommonsPool {
  private FromCommonsPool() {}

  static GenericObjectPool<ByteBuffer> commonsPool() {
    GenericObjectPool<ByteBuffer> buffers = new GenericObjectPool<>(
        new BasePooledObjectFactory<ByteBuffer>() {
          @Override
          public ByteBuffer create() {
            return ByteBuffer.allocateDirect(64 << 10);   // one direct block per buffer
          }

          @Override
          public org.apache.commons.pool2.PooledObject<ByteBuffer> wrap(ByteBuffer b) {
            return new DefaultPooledObject<>(b);
          }
        });
    buffers.setMaxTotal(256);
    return buffers;
  }

  static long commonsChecksum(GenericObjectPool<ByteBuffer> buffers, byte[] data)
      throws Exception {
    ByteBuffer buffer = buffers.borrowObject();
    try {
      buffer.clear().put(data).flip();
      CRC32C crc = new CRC32C();
      crc.update(buffer);
      return crc.getValue();
    } finally {
      buffers.returnObject(buffer);
    }
  }

  /** The pooled object: carries the refcount; its memory is its slice of the slab. */
  static final class Buffer extends dev.slabpool.PooledObject {}

  static SlabCache<Buffer> slabpoolPool() {
    return SlabCache.builder("request-buffers", Buffer::new)
        .objectsPerSlab(16)                  // 16 x 64 KiB = one 1 MiB direct block per slab
        .objectSize(64 << 10)
        .payload(Payload.DIRECT)
        .memoryCapSlabs(16)                  // 16 x 16 = 256 buffers, as setMaxTotal(256)
        .reclaimable((buffer, mode) -> true) // operators may give free slabs back
        .build();
  }

  static long slabpoolChecksum(SlabCache<Buffer> buffers, byte[] data) {
    Buffer b = buffers.allocate();           // throws SlabCacheFullException at the cap
    try {
      ByteBuffer buffer = buffers.payload(b).duplicate().clear(); // shared slice: duplicate
      buffer.put(data).flip();
      CRC32C crc = new CRC32C();
      crc.update(buffer);
      return crc.getValue();
    } finally {
      buffers.free(b);
    }
  }
}
