package dev.slabpool;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The operations of the stress test and the soak, on one keyed cache and one plain slab cache
 * with per-thread caches: keyed lookups (some held across operations), releases, puts, removes,
 * reclaims, compactions, shrinks and policy switches; allocations, frees, releases, reclaims,
 * compactions and shrinks, with objects handed from one thread to another to be freed there and short-lived threads that
 * allocate, free and end, leaving their caches to the drains. Every thread counts the violations
 * of the refcount contract it sees.
 *
 * <p>The caches may be destroyed while it runs: an operation that then fails with the documented
 * {@link IllegalStateException} is no violation, but a reference taken after the operation saw the
 * cache destroyed is, and so is a held entry whose key or value changes under its holder.
 */
final class MixedWorkload {
  static final int KEYS = 64;
  private static final String HANDED_OVER = "handed over";

  private final KeyedCache<Integer, String> keyed;
  private final SlabCache<TestObject> objects;
  private final List<String> violations;
  private final AtomicLong done = new AtomicLong();
  /** Objects given up by one thread for another to free or release. */
  private final Queue<TestObject> handedOver = new ConcurrentLinkedQueue<>();
  private final AtomicLong shortLivedThreads = new AtomicLong();

  MixedWorkload(KeyedCache<Integer, String> keyed, SlabCache<TestObject> objects,
      List<String> violations) {
    this.keyed = keyed;
    this.objects = objects;
    this.violations = violations;
  }

  /** The keyed cache of a workload: tiny slabs, a cap, loads on a miss. */
  static KeyedCache<Integer, String> keyedCache(String name) {
    return KeyedCache.<Integer, String>builder(name).objectsPerSlab(4).arenas(2)
        .memoryCapSlabs(6).circulation(1).loader(k -> k + ":loaded").build();
  }

  /**
   * The slab cache of a workload; its destructor reports a FREE of an object still owned, its
   * mover a move of an object still owned or into a fresh object that is not fresh.
   */
  static SlabCache<TestObject> slabCache(String name, List<String> violations) {
    Destructor<TestObject> destructor = (o, mode) -> {
      if (mode == DestructorMode.FREE && o.owner != null) {
        violations.add("FREE of " + o + " held by " + o.owner);
      }
      return true;
    };
    AtomicReference<SlabCache<TestObject>> self = new AtomicReference<>();
    Mover<TestObject> mover = (from, to) -> {
      if (from.owner != null) {
        violations.add("move of " + from + " held by " + from.owner);
      }
      if (to.owner != null || to.slabpoolRefcount() != 2) {
        violations.add("move into " + to + " held by " + to.owner + ", refcount "
            + to.slabpoolRefcount());
      }
      self.get().release(to); // nobody indexes these objects: the fresh one simply is cached now
      return Mover.Answer.MOVED;
    };
    self.set(SlabCache.builder(name, TestObject::new).objectsPerSlab(4).arenas(2)
        .memoryCapSlabs(8).freeListSize(2).reclaimable(destructor).mover(mover).build());
    return self.get();
  }

  /** A fresh list for violations, shared by the threads of a run. */
  static List<String> violationList() {
    return new CopyOnWriteArrayList<>();
  }

  long done() {
    return done.get();
  }

  long shortLivedThreads() {
    return shortLivedThreads.get();
  }

  private void violation(String what) {
    if (violations.size() < 20) {
      violations.add(Thread.currentThread().getName() + ": " + what);
    }
  }

  /** Runs operations while {@code goOn} says so, then lets go of everything it holds. */
  void run(SplittableRandom random, BooleanSupplier goOn) {
    String me = Thread.currentThread().getName();
    List<CacheEntry<Integer, String>> heldEntries = new ArrayList<>();
    List<TestObject> heldObjects = new ArrayList<>();
    for (int i = 0; goOn.getAsBoolean(); i++) {
      step(random, me, i, heldEntries, heldObjects);
      done.incrementAndGet();
    }
    try {
      for (CacheEntry<Integer, String> e : heldEntries) {
        checkEntry(e, e.key());
        keyed.release(e);
      }
      heldObjects.forEach(o -> dropObject(o, true, me));
    } catch (RuntimeException e) {
      violation("letting go of what it held: " + e);
    }
  }

  private void step(SplittableRandom random, String me, int i,
      List<CacheEntry<Integer, String>> heldEntries, List<TestObject> heldObjects) {
    int key = random.nextInt(KEYS);
    int dice = random.nextInt(100);
    boolean keyedDestroyed = keyed.isDestroyed();
    boolean objectsDestroyed = objects.isDestroyed();
    try {
      if (dice < 35) {
        CacheEntry<Integer, String> e = keyed.lookup(key);
        if (keyedDestroyed) {
          violation("lookup of " + key + " after destroy() returned " + e);
        }
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
      } else if (dice < 62) {
        keyed.reclaim(1 + random.nextInt(2));
      } else if (dice < 63) {
        keyed.compact();
      } else if (dice < 64) {
        ReclaimPolicy[] policies = ReclaimPolicy.values();
        keyed.policy(policies[random.nextInt(policies.length)]);
      } else if (dice < 65) {
        keyed.shrink();
      } else if (dice < 78) {
        TestObject o = allocate(me);
        if (objectsDestroyed) {
          violation("allocate after destroy() returned " + o);
        }
        heldObjects.add(o);
        if (heldObjects.size() > 3) {
          dropObject(heldObjects.remove(0), random.nextBoolean(), me);
        }
      } else if (dice < 90) {
        if (!heldObjects.isEmpty()) {
          dropObject(heldObjects.remove(0), random.nextBoolean(), me);
        }
      } else if (dice < 93) {
        handOver(heldObjects, random.nextBoolean(), me);
      } else if (dice < 94) {
        objects.shrink();
      } else if (dice < 95) {
        objects.compact();
      } else if (dice < 96) {
        shortLivedThread();
      } else {
        objects.reclaim(1);
      }
    } catch (SlabCacheFullException full) {
      // Legitimate at the cap when the other threads hold what is left.
    } catch (IllegalStateException e) {
      if (!(e.getMessage() != null && e.getMessage().endsWith("is destroyed")
          && (keyed.isDestroyed() || objects.isDestroyed()))) {
        violation(e.toString());
      }
    } catch (RuntimeException | Error e) {
      violation(e.toString());
    }
  }

  /** Gives back what the hand-over queue still holds; call after every thread has ended. */
  void drainHandedOver() {
    for (TestObject o; (o = handedOver.poll()) != null; ) {
      try {
        receive(o, "main");
        dropObject(o, true, "main");
      } catch (RuntimeException e) {
        violation(e.toString());
      }
    }
  }

  private TestObject allocate(String me) {
    TestObject o = objects.allocate();
    if (o.owner != null || o.slabpoolRefcount() != 2) {
      violation("allocate handed out " + o + " held by " + o.owner + ", refcount "
          + o.slabpoolRefcount());
    }
    o.owner = me;
    return o;
  }

  /** Gives the oldest held object to whichever thread comes next, or frees one given to us. */
  private void handOver(List<TestObject> held, boolean free, String me) {
    if (!held.isEmpty()) {
      TestObject o = held.remove(0);
      checkHeld(o, me);
      o.owner = HANDED_OVER;
      handedOver.add(o);
      return;
    }
    TestObject o = handedOver.poll();
    if (o != null) {
      receive(o, me);
      dropObject(o, free, me);
    }
  }

  private void receive(TestObject o, String me) {
    if (o.owner != HANDED_OVER) {
      violation(o + " taken from the hand-over queue is owned by " + o.owner);
    }
    o.owner = me;
  }

  /** A thread that allocates and frees two objects and ends: its cache is left to the drains. */
  private void shortLivedThread() {
    Thread t = new Thread(() -> {
      String me = Thread.currentThread().getName();
      List<TestObject> mine = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          mine.add(allocate(me));
        }
      } catch (SlabCacheFullException full) {
        // Legitimate at the cap.
      } catch (IllegalStateException e) {
        if (!objects.isDestroyed()) {
          violation(e.toString());
        }
      } catch (RuntimeException | Error e) {
        violation(e.toString());
      }
      for (TestObject o : mine) {
        try {
          dropObject(o, true, me);
        } catch (IllegalStateException e) {
          if (!objects.isDestroyed()) {
            violation(e.toString());
          }
        }
      }
    }, "short-" + shortLivedThreads.incrementAndGet());
    t.start();
    try {
      t.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkHeld(TestObject o, String me) {
    if (!me.equals(o.owner) || o.slabpoolRefcount() != 2) {
      violation(o + " held by " + me + " now owned by " + o.owner + ", refcount "
          + o.slabpoolRefcount());
    }
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
    if (Entries.refcount(e) < 2) {
      violation("held entry of " + key + " has refcount " + Entries.refcount(e));
    }
  }

  /**
   * Frees or releases an object this thread owns; after destroy() a free fails, and the object
   * is released instead (it was handed over to its holder).
   */
  private void dropObject(TestObject o, boolean free, String me) {
    checkHeld(o, me);
    o.owner = null;
    if (free && !objects.isDestroyed()) {
      try {
        objects.free(o);
        return;
      } catch (IllegalStateException e) {
        if (!objects.isDestroyed()) {
          throw e;
        }
      }
    }
    objects.release(o);
  }
}
