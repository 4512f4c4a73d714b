package dev.slabpool.heatmap;

import dev.slabpool.KeyedCache;
import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watched JVM of the GUI tests (and a demo): slabpool caches of uneven density, some slabs
 * pinned, with their MBeans installed by the real jmx module. It serves the testkit's
 * {@link Host} protocol ({@code READY <pid>}, one answer line per command, {@code ERROR} for a bad
 * one): {@code add <cache> <slabs>} builds a cache, {@code drop <cache>} destroys one; each
 * answers {@code OK <command line>}.
 */
public final class SlabsHost {
  /** The plain reclaimable cache the tests reclaim from. */
  public static final String BUFFERS = "buffers";
  /** The keyed cache (its policy can be switched). */
  public static final String METADATA = "metadata";
  /** Slabs of {@link #BUFFERS} at start. */
  public static final int BUFFER_SLABS = 240;

  /** Buffers of a plain slab cache. */
  static final class Buffer extends PooledObject {}

  // The registry holds caches weakly: the host keeps them, and the objects it pins.
  private static final Map<String, SlabCache<Buffer>> CACHES = new ConcurrentHashMap<>();
  private static final List<Object> PINNED = new ArrayList<>();

  private SlabsHost() {}

  public static void main(String[] args) throws Exception {
    SlabpoolJmx.install();
    Random random = new Random(7);
    add(BUFFERS, BUFFER_SLABS, random);
    KeyedCache<Integer, String> metadata = KeyedCache.<Integer, String>builder(METADATA)
        .objectsPerSlab(16).objectSize(128).build();
    for (int k = 0; k < 1600; k++) {
      metadata.put(k, "value-" + k);
    }
    for (int k = 0; k < 1600; k++) {
      if (random.nextInt(100) < 35) {
        metadata.remove(k);
      } else if (random.nextInt(100) < 2) {
        PINNED.add(metadata.lookup(k)); // held: refcount above 1
      }
    }
    for (int k = 0; k < 1600; k += 2) {
      metadata.getIfPresent(k); // a hit on those still present: the hot policy holds them hot
    }
    PINNED.add(metadata);
    new Host()
        .command("add", w -> {
          add(w.get(0), Integer.parseInt(w.get(1)), random);
          return "OK add " + String.join(" ", w);
        })
        .command("drop", w -> {
          SlabCache<Buffer> cache = CACHES.remove(w.get(0));
          if (cache == null) {
            throw new IllegalArgumentException("no cache named '" + w.get(0) + "'");
          }
          cache.destroy();
          return "OK drop " + String.join(" ", w);
        })
        .serve();
  }

  /**
   * Builds a reclaimable cache of {@code slabs} slabs whose densities vary from slab to slab,
   * about one slab in twelve holding a pinned object.
   */
  static SlabCache<Buffer> add(String name, int slabs, Random random) {
    SlabCache<Buffer> cache = SlabCache.builder(name, Buffer::new).objectsPerSlab(32)
        .objectSize(512).payload(Payload.HEAP).arenas(1).freeListSize(0)
        .reclaimable((buffer, mode) -> true).build();
    CACHES.put(name, cache);
    int perSlab = cache.objectsPerSlab();
    List<Buffer> all = new ArrayList<>();
    for (int i = 0; i < slabs * perSlab; i++) {
      all.add(cache.allocate());
    }
    for (int s = 0; s < slabs; s++) {
      // Older slabs denser, as circulation makes them over time; the rest spread out.
      double density = s < slabs / 4 ? 0.8 + 0.2 * random.nextDouble() : random.nextDouble();
      for (int i = 0; i < perSlab; i++) {
        Buffer b = all.get(s * perSlab + i);
        if (i == 0 && random.nextInt(12) == 0) {
          PINNED.add(b);
        } else if (random.nextDouble() < density) {
          cache.release(b); // cached: refcount 1, reclaimable
        } else {
          cache.free(b);
        }
      }
    }
    return cache;
  }
}
