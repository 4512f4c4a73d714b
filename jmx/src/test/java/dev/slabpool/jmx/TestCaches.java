package dev.slabpool.jmx;

import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import java.util.ArrayList;
import java.util.List;

/** Caches in a known state for the tests: one arena, so slabs fill in order. */
final class TestCaches {
  private TestCaches() {}

  /** A pooled object. */
  static final class Buffer extends PooledObject {}

  /** A reclaimable cache builder with one arena and a heap payload of 256 bytes per object. */
  static SlabCache.Builder<Buffer> reclaimable(String name, int objectsPerSlab) {
    return SlabCache.builder(name, Buffer::new).objectsPerSlab(objectsPerSlab).objectSize(256)
        .payload(dev.slabpool.Payload.HEAP).arenas(1).freeListSize(0)
        .reclaimable((buffer, mode) -> true);
  }

  /**
   * Fills {@code slabs} full slabs of cached objects (refcount 1), keeping one object in use in
   * each of the first {@code pinnedSlabs} slabs; returns the objects in use.
   */
  static List<Buffer> fill(SlabCache<Buffer> cache, int slabs, int pinnedSlabs) {
    int perSlab = cache.objectsPerSlab();
    List<Buffer> inUse = new ArrayList<>();
    for (int i = 0; i < slabs * perSlab; i++) {
      Buffer b = cache.allocate();
      if (i % perSlab == 0 && i / perSlab < pinnedSlabs) {
        inUse.add(b);
      } else {
        cache.release(b);
      }
    }
    return inUse;
  }
}
