package dev.slabpool.agent.app;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.Payload;
import dev.slabpool.Pooled;
import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.testkit.Host;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The application of the agent's integration tests, run in a child JVM: a keyed cache
 * ({@code sessions}, 256 keys in 16 slabs) and a reclaimable slab cache ({@code buffers}), then
 * the testkit's {@link Host} protocol ({@code READY <pid>}, one answer line per command,
 * {@code ERROR} for a bad one; {@code end} returns from {@code main}, {@code exit} calls
 * {@code System.exit}) with these commands: {@code hold <n>} ({@code HELD <held>}),
 * {@code release} ({@code RELEASED}), {@code churn <n>} ({@code CHURNED <n>}),
 * {@code weave <class>} ({@code WOVEN <class> ...} or {@code NOT-WOVEN <class>: ...}),
 * {@code keyed <name>} ({@code KEYED <name> policy=<id>}) and {@code policy}
 * ({@code POLICY sessions=<id>}).
 *
 * <p>Its class path is the pool, these test classes, the testkit (for {@link Host}) and, for some
 * tests, Caffeine.
 */
public final class PoolApp {
  static final int KEYS = 256;

  static final class Buffer extends PooledObject {}

  // Static: the registry holds caches weakly, and these must stay listed.
  private static KeyedCache<Integer, String> sessions;
  private static SlabCache<Buffer> buffers;
  private static final List<CacheEntry<Integer, String>> held = new ArrayList<>();
  /** Keyed caches built on command, kept so that the (weak) registry keeps listing them. */
  private static final List<KeyedCache<Integer, String>> lateCaches = new ArrayList<>();
  /** Caches of woven classes, kept so that the (weak) registry keeps listing them. */
  private static final List<SlabCache<Object>> wovenCaches = new ArrayList<>();

  private PoolApp() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--load-early-lease")) {
      Class.forName("dev.slabpool.agent.app.EarlyLease"); // before any agent is attached
    }
    sessions = KeyedCache.<Integer, String>builder("sessions").objectsPerSlab(16).objectSize(64)
        .loader(k -> "session-" + k).build();
    for (int k = 0; k < KEYS; k++) {
      sessions.release(sessions.lookup(k));
    }
    buffers = SlabCache.builder("buffers", Buffer::new).objectsPerSlab(8)
        .objectSize(256).payload(Payload.HEAP).reclaimable((b, mode) -> true).build();
    List<Buffer> taken = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      taken.add(buffers.allocate());
    }
    taken.forEach(buffers::release);
    new Host()
        .command("hold", w -> holdLeases(Integer.parseInt(w.get(0))))
        .command("release", w -> releaseAll())
        .command("churn", w -> churn(Integer.parseInt(w.get(0))))
        .command("weave", w -> weave(w.get(0)))
        .command("keyed", w -> {
          KeyedCache<Integer, String> late = KeyedCache.<Integer, String>builder(w.get(0)).build();
          lateCaches.add(late);
          return "KEYED " + late.name() + " policy=" + late.policy().id();
        })
        .command("policy", w -> "POLICY sessions=" + sessions.policy().id())
        .command("thin", w -> thin(Integer.parseInt(w.get(0))))
        .serve(); // main returns on end: nothing of the agent may keep the JVM alive
  }

  /** Removes every k-th session key: holes in every slab, for compaction to close. */
  static String thin(int k) {
    int removed = 0;
    for (int key = 0; key < KEYS; key += k) {
      removed += sessions.remove(key) != null ? 1 : 0;
    }
    return "THINNED " + removed;
  }

  /** The call site the pin tracing test looks for: it keeps references on n sessions. */
  static String holdLeases(int n) {
    for (int k = 0; k < n; k++) {
      held.add(sessions.lookup(k));
    }
    return "HELD " + held.size();
  }

  private static String releaseAll() {
    held.forEach(sessions::release);
    held.clear();
    return "RELEASED";
  }

  private static String churn(int n) {
    for (int i = 0; i < n; i++) {
      sessions.release(sessions.lookup(i % KEYS));
    }
    return "CHURNED " + n;
  }

  /**
   * Loads a {@code @PooledType} class now (by name, so nothing loads it earlier), checks it by
   * reflection and uses it in a slab cache.
   */
  private static String weave(String simpleName) {
    try {
      Class<?> type = Class.forName("dev.slabpool.agent.app." + simpleName);
      return useInCache(type);
    } catch (Throwable t) {
      return "NOT-WOVEN " + simpleName + ": " + t.getMessage();
    }
  }

  private static Field wovenField(Class<?> type) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField("slabpool$refcount");
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException("slabpool$refcount in " + type.getName());
  }

  private static String useInCache(Class<?> type) throws Exception {
    Supplier<Object> factory = () -> {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    };
    SlabCache<Object> cache = SlabCache.builder("woven-" + type.getSimpleName(), factory)
        .objectsPerSlab(4).reclaimable((o, mode) -> true).build();
    wovenCaches.add(cache);
    Object lease = cache.allocate();
    int allocated = cache.refcount(lease);
    // A real atomic CAS: 4 threads x 10000 retain/release pairs must leave the refcount at 2.
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          cache.retain(lease);
          cache.release(lease);
        }
        done.countDown();
      }).start();
    }
    done.await();
    int afterRace = cache.refcount(lease);
    Pooled pooled = (Pooled) lease;
    boolean casWrongExpected = pooled.slabpoolCompareAndSetRefcount(7, 8);
    cache.release(lease);
    long reclaimed = cache.reclaim(1).slabsFreed();
    Field refcount = wovenField(type);
    return "WOVEN " + type.getSimpleName() + " pooled=" + Pooled.class.isAssignableFrom(type)
        + " field=" + Modifier.toString(refcount.getModifiers()) + " " + refcount.getType()
        + " allocated=" + allocated + " afterRace=" + afterRace
        + " casWrongExpected=" + casWrongExpected + " reclaimed=" + reclaimed;
  }
}
