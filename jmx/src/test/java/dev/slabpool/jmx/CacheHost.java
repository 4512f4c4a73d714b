package dev.slabpool.jmx;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.ManagedCache;
import dev.slabpool.PayloadCache;
import dev.slabpool.SlabCache;
import dev.slabpool.ValueCodec;
import dev.slabpool.testkit.Host;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of the JMX tests: installs the MXBeans, then serves the testkit's {@link Host}
 * protocol ({@code READY <pid>}, one answer line per command, {@code ERROR} for a bad one) with
 * these commands:
 * <ul>
 *   <li>{@code slab <name> <slabs> <pinnedSlabs>}: a reclaimable cache, 16 objects per slab;</li>
 *   <li>{@code fixed <name> <slabs>}: a cache without the RECLAIM flag;</li>
 *   <li>{@code keyed <name> <entries>}: a keyed cache, 8 entries per slab;</li>
 *   <li>{@code counted <name> <entries>}: the same, counting its lookups: each entry looked up
 *       twice, so {@code entries} misses (loads) and {@code entries} hits;</li>
 *   <li>{@code payload <name> <values> <bytes>}: a {@link PayloadCache} of 4 KiB slabs and slots
 *       of 64, 128, 256 ... 4096 bytes, holding {@code values} values of {@code bytes} each;</li>
 * </ul>
 * each answered {@code BUILT <name>}; {@code hit <name> <keys>}, a hit on each of the keyed
 * cache's keys {@code 0 .. keys-1}, answered {@code HIT <name>}; and {@code destroy <name>},
 * answered {@code DESTROYED <name>}.
 */
public final class CacheHost {
  private static final Map<String, ManagedCache> CACHES = new HashMap<>();
  private static final Map<String, List<?>> IN_USE = new HashMap<>();
  private static final Map<String, PayloadCache<?, ?>> PAYLOAD = new HashMap<>();

  private CacheHost() {}

  public static void main(String[] args) throws Exception {
    SlabpoolJmx.install();
    System.out.println("micrometer on class path: "
        + present("io.micrometer.core.instrument.MeterRegistry"));
    new Host()
        .command("slab", w -> {
          SlabCache<TestCaches.Buffer> c = TestCaches.reclaimable(w.get(0), 16).build();
          IN_USE.put(w.get(0), TestCaches.fill(c, Integer.parseInt(w.get(1)),
              Integer.parseInt(w.get(2))));
          return built(c);
        })
        .command("fixed", w -> {
          SlabCache<TestCaches.Buffer> c = SlabCache.builder(w.get(0), TestCaches.Buffer::new)
              .objectsPerSlab(16).arenas(1).build();
          for (int i = 0; i < 16 * Integer.parseInt(w.get(1)); i++) {
            c.allocate();
          }
          return built(c);
        })
        .command("keyed", w -> built(keyed(w.get(0), Integer.parseInt(w.get(1)), false, 1)))
        .command("counted", w -> built(keyed(w.get(0), Integer.parseInt(w.get(1)), true, 2)))
        .command("payload", w -> {
          PayloadCache<Integer, byte[]> c =
              PayloadCache.<Integer, byte[]>builder(w.get(0), ValueCodec.bytes())
                  .slabSize(4096).smallestSlot(64).growthFactor(2).arenas(1).build();
          for (int k = 0; k < Integer.parseInt(w.get(1)); k++) {
            c.put(k, new byte[Integer.parseInt(w.get(2))]);
          }
          PAYLOAD.put(w.get(0), c);
          return "BUILT " + w.get(0);
        })
        .command("hit", w -> {
          @SuppressWarnings("unchecked")
          KeyedCache<Integer, String> c = (KeyedCache<Integer, String>) CACHES.get(w.get(0));
          for (int k = 0; k < Integer.parseInt(w.get(1)); k++) {
            c.release(c.lookup(k));
          }
          return "HIT " + w.get(0);
        })
        .command("destroy", w -> {
          ManagedCache c = CACHES.remove(w.get(0));
          if (c instanceof SlabCache<?> s) {
            s.destroy();
          } else if (c instanceof KeyedCache<?, ?> k) {
            k.destroy();
          } else {
            throw new IllegalArgumentException("no cache named '" + w.get(0) + "'");
          }
          IN_USE.remove(w.get(0));
          return "DESTROYED " + w.get(0);
        })
        .serve();
  }

  /** A keyed cache of 8 entries per slab whose keys 0 to entries - 1 are each looked up. */
  private static KeyedCache<Integer, String> keyed(String name, int entries, boolean counted,
      int lookupsPerKey) {
    KeyedCache.Builder<Integer, String> b = KeyedCache.<Integer, String>builder(name)
        .objectsPerSlab(8).arenas(1).loader(k -> "value-" + k);
    KeyedCache<Integer, String> c = (counted ? b.recordStats() : b).build();
    for (int round = 0; round < lookupsPerKey; round++) {
      for (int k = 0; k < entries; k++) {
        CacheEntry<Integer, String> e = c.lookup(k);
        c.release(e);
      }
    }
    return c;
  }

  /** Keeps a cache built on command (the registry holds caches weakly) and answers for it. */
  private static String built(ManagedCache cache) {
    CACHES.put(cache.name(), cache);
    return "BUILT " + cache.name();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
