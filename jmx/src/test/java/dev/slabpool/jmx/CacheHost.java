package dev.slabpool.jmx;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCache;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of the JMX tests: installs the MXBeans, prints {@code READY <pid>}, and then
 * obeys commands on standard input, answering each with a line:
 * <ul>
 *   <li>{@code slab <name> <slabs> <pinnedSlabs>}: a reclaimable cache, 16 objects per slab;</li>
 *   <li>{@code fixed <name> <slabs>}: a cache without the RECLAIM flag;</li>
 *   <li>{@code keyed <name> <entries>}: a keyed cache, 8 entries per slab;</li>
 * </ul>
 * each answered {@code BUILT <name>}, and {@code destroy <name>}, answered
 * {@code DESTROYED <name>}.
 * It exits when its standard input closes.
 */
public final class CacheHost {
  private CacheHost() {}

  public static void main(String[] args) throws Exception {
    Map<String, ManagedCache> caches = new HashMap<>();
    Map<String, List<?>> inUse = new HashMap<>();
    SlabpoolJmx.install();
    System.out.println("micrometer on class path: "
        + present("io.micrometer.core.instrument.MeterRegistry"));
    System.out.println("READY " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split("\\s+");
      String name = w[1];
      switch (w[0]) {
        case "slab" -> {
          SlabCache<TestCaches.Buffer> c = TestCaches.reclaimable(name, 16).build();
          inUse.put(name, TestCaches.fill(c, Integer.parseInt(w[2]), Integer.parseInt(w[3])));
          caches.put(name, c);
        }
        case "fixed" -> {
          SlabCache<TestCaches.Buffer> c = SlabCache.builder(name, TestCaches.Buffer::new)
              .objectsPerSlab(16).arenas(1).build();
          for (int i = 0; i < 16 * Integer.parseInt(w[2]); i++) {
            c.allocate();
          }
          caches.put(name, c);
        }
        case "keyed" -> {
          KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(name)
              .objectsPerSlab(8).arenas(1).loader(k -> "value-" + k).build();
          for (int k = 0; k < Integer.parseInt(w[2]); k++) {
            CacheEntry<Integer, String> e = c.lookup(k);
            c.release(e);
          }
          caches.put(name, c);
        }
        case "destroy" -> {
          ManagedCache c = caches.remove(name);
          if (c instanceof SlabCache<?> s) {
            s.destroy();
          } else if (c instanceof KeyedCache<?, ?> k) {
            k.destroy();
          }
          System.out.println("DESTROYED " + name);
          continue;
        }
        default -> throw new IllegalArgumentException("unknown command: " + line);
      }
      System.out.println("BUILT " + name);
    }
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
