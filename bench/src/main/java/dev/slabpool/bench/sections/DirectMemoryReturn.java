package dev.slabpool.bench.sections;

import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * When the direct memory of reclaimed slabs leaves the JVM: fills a cache of unused objects,
 * reclaims every slab, and reads the {@code direct} buffer pool right after the reclaim and after
 * each following {@code System.gc()}. Before JDK 22 the safe {@link Payload#DIRECT} leaves the
 * blocks to the buffers' cleaners, which run after a GC; {@link Payload#DIRECT_PROMPT} frees them
 * in the reclaim. From JDK 22 both close FFM arenas in the reclaim, which the pool does not count.
 */
final class DirectMemoryReturn {
  static final int SLABS = 512;
  static final int OBJECTS_PER_SLAB = 64;
  static final int OBJECT_SIZE = 1024;
  private static final int MAX_GCS = 20;

  /** What one measurement saw. */
  record Seen(Payload payload, long slabBytes, long backAtReclaim, long back, int gcs,
      double gcMillis) {}

  private DirectMemoryReturn() {}

  private static final class Block extends PooledObject {}

  /** Whether the {@code direct} buffer pool counts direct payloads on this JDK (before 22). */
  static boolean counted() {
    return Runtime.version().feature() < 22;
  }

  static Seen measure(Payload payload) {
    SlabCache<Block> c = SlabCache.builder("bench-direct-return-" + payload, Block::new)
        .objectsPerSlab(OBJECTS_PER_SLAB).objectSize(OBJECT_SIZE).payload(payload)
        .reclaimable((o, mode) -> true).freeListSize(0).build();
    try {
      Block[] held = new Block[SLABS * OBJECTS_PER_SLAB];
      for (int i = 0; i < held.length; i++) {
        held[i] = c.allocate();
      }
      for (Block b : held) {
        c.release(b);
      }
      held = null;
      long slabBytes = (long) SLABS * OBJECTS_PER_SLAB * OBJECT_SIZE;
      long before = directPoolUsed();
      c.reclaim(Long.MAX_VALUE);
      long backAtReclaim = before - directPoolUsed();
      int gcs = 0;
      long start = System.nanoTime();
      while (before - directPoolUsed() < slabBytes && gcs < MAX_GCS) {
        System.gc();
        gcs++;
      }
      double gcMillis = (System.nanoTime() - start) / 1e6;
      return new Seen(payload, slabBytes, backAtReclaim, before - directPoolUsed(), gcs,
          gcMillis);
    } finally {
      c.destroy();
    }
  }

  private static long directPoolUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed)
        .sum();
  }
}
