package dev.slabpool.jmx.pressure;

import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.jmx.SlabpoolJmx;
import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.MBeanServer;

/**
 * The child JVM of the memory-pressure tests: a service whose requests each make 8 KiB of
 * transient garbage and leave one 1 KiB buffer in a cache that keeps everything it hands out
 * (refcount 1, like a dentry cache that is never trimmed). The cache would grow until the heap is
 * exhausted, unless the pressure trigger, set through the allocator MXBean, gives memory back.
 *
 * <p>Arguments: threshold, fraction, minimum interval in ms, and a mode: {@code grow} hands out
 * four heaps' worth of buffers; {@code skip}, after the first pressure reclaim, grows the cache
 * above the threshold again and collects until a crossing is skipped by the rate limit. It prints
 * its figures on a {@code DONE} line.
 */
public final class PressureHost {
  private PressureHost() {}

  static final class Block extends PooledObject {}

  private static final int SLAB_BYTES = 16 * 1024;

  public static void main(String[] args) throws Exception {
    SlabpoolJmx jmx = SlabpoolJmx.install();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    server.setAttribute(SlabpoolJmx.ALLOCATOR,
        new Attribute("PressureMinIntervalMillis", Long.parseLong(args[2])));
    server.setAttribute(SlabpoolJmx.ALLOCATOR,
        new Attribute("PressureFraction", Double.parseDouble(args[1])));
    server.setAttribute(SlabpoolJmx.ALLOCATOR,
        new Attribute("PressureThreshold", Double.parseDouble(args[0])));
    System.out.println("POOL " + server.getAttribute(SlabpoolJmx.ALLOCATOR, "PressurePool"));

    SlabCache<Block> cache = SlabCache.builder("heap-hog", Block::new).objectsPerSlab(16)
        .objectSize(SLAB_BYTES / 16).payload(Payload.HEAP).arenas(1)
        .reclaimable((b, mode) -> true).build();
    SlabCacheRegistry.addListener(new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        if (Thread.currentThread().getName().equals("slabpool-shrinker")) {
          System.out.println("PRESSURE RECLAIM freed=" + r.slabsFreed() + " left="
              + cache.stats().totalSlabs());
        }
      }
    });
    long maxHeap = Runtime.getRuntime().maxMemory();
    long handedOut = 0;
    long peakBytes = 0;
    long collections = 0;
    if (args[3].equals("grow")) {
      while (handedOut < 4 * maxHeap) {
        handedOut += serve(cache, 4096);
        peakBytes = Math.max(peakBytes, cache.stats().bytesHeld());
      }
    } else {
      while (jmx.pressure().reclaims() == 0 && handedOut < 4 * maxHeap) {
        handedOut += serve(cache, 4096);
      }
      // Above the threshold again, and the collector says so; the rate limit must hold.
      while (cache.stats().bytesHeld() < 0.45 * maxHeap) {
        handedOut += serve(cache, 256);
      }
      while (jmx.pressure().skipped() == 0 && collections < 1000) {
        System.gc();
        collections++;
      }
    }
    jmx.close(); // waits for a pressure reclaim under way, so the figures agree
    System.out.printf("DONE reclaims=%d skipped=%d slabsReclaimed=%d handedOutBytes=%d"
        + " maxHeap=%d peakBytes=%d finalBytes=%d collections=%d%n", jmx.pressure().reclaims(),
        jmx.pressure().skipped(), jmx.pressure().slabsReclaimed(), handedOut, maxHeap, peakBytes,
        cache.stats().bytesHeld(), collections);
  }

  /** Serves requests; returns the bytes of the buffers handed out. */
  private static long serve(SlabCache<Block> cache, int requests) {
    for (int i = 0; i < requests; i++) {
      byte[] request = new byte[8 * 1024];
      request[i & 1023] = (byte) i;
      Block b = cache.allocate();
      cache.payload(b).put(0, request, 0, SLAB_BYTES / 16);
      cache.release(b);
    }
    return (long) requests * SLAB_BYTES / 16;
  }
}
