package dev.slabpool.examples.fleet;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.ManagedCache;
import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * The service beside which {@link FleetViewIT} runs the Prometheus JMX exporter: installs the
 * slabpool MBeans, then serves the testkit's {@link Host} protocol with
 * <ul>
 *   <li>{@code slab <name> <slabs> <pinned>}: a reclaimable cache of 16 objects of 256 bytes per
 *       slab in one arena, {@code slabs} full slabs of cached objects, one object kept in use in
 *       each of the first {@code pinned};</li>
 *   <li>{@code keyed <name> <entries>}: a keyed cache counting its lookups, 8 entries per slab,
 *       each of keys 0 to {@code entries - 1} looked up twice (a miss that loads, then a
 *       hit);</li>
 * </ul>
 * each answered {@code BUILT <name>}. Everything else the test does through JMX and HTTP.
 */
public final class FleetHost {
  /** The caches built (the registry holds them weakly) and the objects kept in use. */
  private static final List<Object> KEPT = new ArrayList<>();

  private FleetHost() {}

  static final class Buffer extends PooledObject {}

  public static void main(String[] args) throws Exception {
    SlabpoolJmx.install();
    new Host()
        .command("slab", w -> built(slab(w.get(0), Integer.parseInt(w.get(1)),
            Integer.parseInt(w.get(2)))))
        .command("keyed", w -> built(keyed(w.get(0), Integer.parseInt(w.get(1)))))
        .serve();
  }

  private static ManagedCache slab(String name, int slabs, int pinned) {
    SlabCache<Buffer> cache = SlabCache.builder(name, Buffer::new).objectsPerSlab(16)
        .objectSize(256).payload(Payload.HEAP).arenas(1).freeListSize(0)
        .reclaimable((buffer, mode) -> true).build();
    for (int i = 0; i < slabs * 16; i++) {
      Buffer b = cache.allocate();
      if (i % 16 == 0 && i / 16 < pinned) {
        KEPT.add(b);
      } else {
        cache.release(b);
      }
    }
    return cache;
  }

  private static ManagedCache keyed(String name, int entries) {
    KeyedCache<Integer, String> cache = KeyedCache.<Integer, String>builder(name)
        .objectsPerSlab(8).arenas(1).recordStats().loader(k -> "value-" + k).build();
    for (int round = 0; round < 2; round++) {
      for (int k = 0; k < entries; k++) {
        CacheEntry<Integer, String> e = cache.lookup(k);
        cache.release(e);
      }
    }
    return cache;
  }

  private static String built(ManagedCache cache) {
    KEPT.add(cache);
    return "BUILT " + cache.name();
  }
}
