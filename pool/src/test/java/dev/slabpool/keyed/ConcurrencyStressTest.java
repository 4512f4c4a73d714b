package dev.slabpool.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.DestructorMode;
import dev.slabpool.Invariants;
import dev.slabpool.Names;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheFullException;
import dev.slabpool.TestObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Four threads on the two cores, a bounded number of operations each (not a duration), mixing
 * keyed lookups (some held across operations), releases, puts, removes, reclaims, shrinks and
 * policy switches with allocations, frees and reclaims on a plain slab cache. Every thread
 * counts the violations it sees; at the end the invariants are checked and the count must be 0.
 */
class ConcurrencyStressTest {
  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 30_000;
  private static final int KEYS = 64;

  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicLong done = new AtomicLong();

  private void violation(String what) {
    if (violations.size() < 20) {
      violations.add(Thread.currentThread().getName() + ": " + what);
    } else {
      violations.add("...");
    }
  }

  @Test
  void mixedOperationsFromFourThreadsFindNoViolation() throws Exception {
    KeyedCache<Integer, String> keyed = KeyedCache.<Integer, String>builder(Names.unique("stress"))
        .objectsPerSlab(4).arenas(2).memoryCapSlabs(6).circulation(1)
        .loader(k -> k + ":loaded").build();
    SlabCache<TestObject> objects = SlabCache.builder(Names.unique("stress-objects"),
            TestObject::new).objectsPerSlab(4).arenas(2).memoryCapSlabs(8).freeListSize(2)
        .reclaimable((o, mode) -> {
          if (mode == DestructorMode.FREE && o.owner != null) {
            violation("FREE of " + o + " held by " + o.owner);
          }
          return true;
        }).build();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = 1000 + t;
        futures.add(pool.submit(() -> {
          start.await();
          run(keyed, objects, new SplittableRandom(seed));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(done).hasValue((long) THREADS * OPS_PER_THREAD);
    assertThat(violations).isEmpty();
    KeyedInvariants.check(keyed);
    Invariants.check(objects);
    assertThat(keyed.stats().pinnedObjects()).isZero();
    assertThat(objects.stats().pinnedObjects()).isZero();
    keyed.destroy();
    objects.destroy();
  }

  private void run(KeyedCache<Integer, String> keyed, SlabCache<TestObject> objects,
      SplittableRandom random) {
    String me = Thread.currentThread().getName();
    List<CacheEntry<Integer, String>> heldEntries = new ArrayList<>();
    List<TestObject> heldObjects = new ArrayList<>();
    for (int i = 0; i < OPS_PER_THREAD; i++) {
      int key = random.nextInt(KEYS);
      int dice = random.nextInt(100);
      try {
        if (dice < 35) {
          CacheEntry<Integer, String> e = keyed.lookup(key);
          checkEntry(e, key);
          if (heldEntries.size() < 2 && random.nextBoolean()) {
            heldEntries.add(e);
          } else {
            keyed.release(e);
          }
        } else if (dice < 45) {
          if (!heldEntries.isEmpty()) {
            CacheEntry<Integer, String> e = heldEntries.remove(0);
            checkEntry(e, e.key());
            keyed.release(e);
          }
        } else if (dice < 55) {
          keyed.put(key, key + ":" + me + ":" + i);
        } else if (dice < 60) {
          keyed.remove(key);
        } else if (dice < 63) {
          keyed.reclaim(1 + random.nextInt(2));
        } else if (dice < 64) {
          keyed.policy(ReclaimPolicy.values()[random.nextInt(3)]);
        } else if (dice < 65) {
          keyed.shrink();
        } else if (dice < 80) {
          TestObject o = objects.allocate();
          if (o.owner != null || o.slabpoolRefcount() != 2) {
            violation("allocate handed out " + o + " held by " + o.owner + ", refcount "
                + o.slabpoolRefcount());
          }
          o.owner = me;
          heldObjects.add(o);
          if (heldObjects.size() > 3) {
            dropObject(objects, heldObjects.remove(0), random.nextBoolean(), me);
          }
        } else if (dice < 95) {
          if (!heldObjects.isEmpty()) {
            dropObject(objects, heldObjects.remove(0), random.nextBoolean(), me);
          }
        } else {
          objects.reclaim(1);
        }
      } catch (SlabCacheFullException full) {
        // Legitimate at the cap when the other threads hold what is left.
      } catch (RuntimeException | Error e) {
        violation(e.toString());
      }
      done.incrementAndGet();
    }
    heldEntries.forEach(keyed::release);
    heldObjects.forEach(o -> dropObject(objects, o, true, me));
  }

  private void checkEntry(CacheEntry<Integer, String> e, int key) {
    if (e == null) {
      violation("lookup of " + key + " returned nothing despite the loader");
      return;
    }
    String v = e.value();
    if (e.key() != key || v == null || !v.startsWith(key + ":")) {
      violation("lookup of " + key + " got " + e.key() + "=" + v);
    }
    if (e.slabpoolRefcount() < 2) {
      violation("held entry of " + key + " has refcount " + e.slabpoolRefcount());
    }
  }

  private void dropObject(SlabCache<TestObject> objects, TestObject o, boolean free, String me) {
    if (!me.equals(o.owner) || o.slabpoolRefcount() != 2) {
      violation(o + " held by " + me + " now owned by " + o.owner + ", refcount "
          + o.slabpoolRefcount());
    }
    o.owner = null;
    if (free) {
      objects.free(o);
    } else {
      objects.release(o);
    }
  }
}
