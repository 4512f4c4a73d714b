package example;

import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;

/**
 * The README's "A reclaimable cache in ten lines", as a user would paste it (between the
 * markers, checked against README.md by ConsumerMatchesReadmeTest), run and checked.
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) {
    // README example
    final class Buffer extends PooledObject {}

    SlabCache<Buffer> buffers = SlabCache.builder("buffers", Buffer::new)
        .objectsPerSlab(64).objectSize(4096).payload(Payload.DIRECT)
        .reclaimable((buffer, mode) -> true)   // nothing else refers to a buffer: always freeable
        .memoryCapBytes(64 << 20)               // 64 MiB: 256 slabs of 64 x 4 KiB
        .build();
    Buffer b = buffers.allocate();              // refcount 2: in use by us
    buffers.payload(b).putInt(0, 42);
    buffers.release(b);                         // refcount 1: cached, the allocator may free it
    ReclaimResult r = buffers.reclaim(4);       // frees up to 4 whole slabs of unused buffers
    // end

    check(r.slabsFreed() == 1, "slabs freed: " + r.slabsFreed());
    check(r.objectsFreed() == 1, "objects freed: " + r.objectsFreed());
    check(buffers.memoryCap() == 256, "memory cap in slabs: " + buffers.memoryCap());
    check(buffers.stats().totalSlabs() == 0, "slabs left: " + buffers.stats().totalSlabs());
    buffers.destroy();
    System.out.println("readme-consumer: reclaimed " + r.slabsFreed() + " slab, "
        + r.objectsFreed() + " object; cap " + buffers.memoryCap() + " slabs");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("unexpected " + what);
    }
  }
}
