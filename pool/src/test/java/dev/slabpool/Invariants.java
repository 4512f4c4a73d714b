package dev.slabpool;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks docs/design.md's invariants on a quiescent slab cache (no operation running): every slot is
 * accounted for, refcounts agree with the slot states, and the statistics add up. Used by the
 * unit, property, stress and fault-injection tests alike.
 */
public final class Invariants {

  private Invariants() {}

  /** Throws an {@link AssertionError} listing every violation found. */
  public static void check(SlabCache<?> cache) {
    List<String> violations = violations(cache);
    if (!violations.isEmpty()) {
      throw new AssertionError("invariants of " + cache + " violated:\n  "
          + String.join("\n  ", violations));
    }
  }

  /**
   * The violations found, empty when all hold.
   *
   * <ul>
   *   <li>each slab: its allocated count, free-slot stack and allocated flags agree; it sits on
   *       the list of its allocated count (never on the reclaiming list at rest);
   *   <li>each object: bound to its own slot; a free slot's object has refcount 0, an allocated
   *       one refcount of at least 1 unless parked (refcount 0);
   *   <li>parked objects, on an arena's free list or in a thread's cache, are exactly the
   *       allocated objects with refcount 0, each parked once: none lost, none parked twice;
   *   <li>no object appears twice, in one slab or across slabs;
   *   <li>the statistics add up: the occupancy histogram sums to the slabs and weighs to the
   *       active objects, free + partial + full slabs = slabs, pinned = refcounts above 1.
   * </ul>
   */
  public static List<String> violations(SlabCache<?> cache) {
    List<String> out = new ArrayList<>();
    int n = cache.objectsPerSlab();
    Map<Object, Long> seen = new IdentityHashMap<>();
    // slabs, active, pinned, free, full, partial
    long[] tally = new long[6];
    Map<Object, Integer> parked = new IdentityHashMap<>();
    for (Object o : parkedObjects(cache)) {
      if (parked.merge(o, 1, Integer::sum) == 2) {
        out.add(Refcounts.describe(o) + " parked twice");
      }
    }
    forEachSlab(cache, s -> {
      tally[0]++;
      checkSlab(s, n, out, seen, parked);
      tally[1] += s.active();
      for (Object o : s.objects) {
        if (((Pooled) o).slabpoolRefcount() > 1) {
          tally[2]++;
        }
      }
      tally[s.allocated == 0 ? 3 : s.allocated == n ? 4 : 5]++;
    });
    long slabs = tally[0];
    long active = tally[1];
    long pinned = tally[2];
    long free = tally[3];
    long full = tally[4];
    long partial = tally[5];
    SlabCacheStats st = cache.stats();
    long[] occ = st.occupancy();
    long occSum = 0;
    long occWeight = 0;
    for (int k = 0; k < occ.length; k++) {
      occSum += occ[k];
      occWeight += k * occ[k];
    }
    expect(out, "occupancy histogram sums to total slabs", occSum, st.totalSlabs());
    expect(out, "occupancy histogram weighs to active objects", occWeight, st.activeObjects());
    expect(out, "total slabs = slabs on the lists", st.totalSlabs(), slabs);
    expect(out, "free + partial + full = total slabs",
        st.freeSlabs() + st.partialSlabs() + st.fullSlabs(), st.totalSlabs());
    expect(out, "free slabs", st.freeSlabs(), free);
    expect(out, "full slabs", st.fullSlabs(), full);
    expect(out, "partial slabs", st.partialSlabs(), partial);
    expect(out, "active objects", st.activeObjects(), active);
    expect(out, "total objects", st.totalObjects(), st.totalSlabs() * n);
    expect(out, "active slabs", st.activeSlabs(), st.totalSlabs() - occ[0]);
    expect(out, "pinned objects", st.pinnedObjects(), pinned);
    expect(out, "bytes held", st.bytesHeld(), st.totalSlabs() * n * (long) cache.objectSize());
    return out;
  }

  private static void checkSlab(Slab s, int n, List<String> out, Map<Object, Long> seen,
      Map<Object, Integer> parked) {
    String where = "slab " + s.serial + ": ";
    int flagged = 0;
    for (boolean b : s.allocatedSlot) {
      flagged += b ? 1 : 0;
    }
    if (flagged != s.allocated) {
      out.add(where + "allocated=" + s.allocated + " but " + flagged + " slots flagged");
    }
    if (s.freeCount != n - s.allocated) {
      out.add(where + "freeCount=" + s.freeCount + " but allocated=" + s.allocated);
    }
    boolean[] onStack = new boolean[n];
    for (int k = 0; k < s.freeCount; k++) {
      int i = s.freeSlots[k];
      if (onStack[i] || s.allocatedSlot[i]) {
        out.add(where + "slot " + i + " on the free stack twice or while allocated");
      }
      onStack[i] = true;
    }
    if (s.list != s.allocated) {
      out.add(where + "on list " + s.list + " with " + s.allocated + " allocated");
    }
    for (int i = 0; i < n; i++) {
      Object o = s.objects[i];
      Long before = seen.put(o, s.serial);
      if (before != null) {
        out.add(where + Refcounts.describe(o) + " also in slab " + before);
      }
      Slot slot = Slot.of(o);
      if (slot == null || slot.slab != s || slot.index != i) {
        out.add(where + "object " + i + " is not bound to its slot");
      }
      int rc = ((Pooled) o).slabpoolRefcount();
      if (!s.allocatedSlot[i] && rc != 0) {
        out.add(where + "free slot " + i + " has refcount " + rc);
      }
      boolean isParked = parked.containsKey(o);
      if (s.allocatedSlot[i] && rc == 0 && !isParked) {
        out.add(where + "allocated object " + i + " has refcount 0 but is not parked (lost)");
      }
      if (isParked && (!s.allocatedSlot[i] || rc != 0)) {
        out.add(where + "parked object " + i + " has refcount " + rc + ", allocated "
            + s.allocatedSlot[i]);
      }
    }
  }

  /** Objects on the arenas' free lists and in every thread's cache. */
  static List<Object> parkedObjects(SlabCache<?> cache) {
    List<Object> out = new ArrayList<>();
    for (Arena a : arenasOf(cache)) {
      a.lock.lock();
      try {
        a.freeListLocked(out);
      } finally {
        a.lock.unlock();
      }
    }
    ThreadCaches tcs = threadCachesOf(cache);
    if (tcs != null) {
      tcs.cachedObjects(out);
    }
    return out;
  }

  private static void expect(List<String> out, String what, long actual, long expected) {
    if (actual != expected) {
      out.add(what + ": " + actual + " != " + expected);
    }
  }

  /** The arenas of a cache. */
  static Arena[] arenasOf(SlabCache<?> cache) {
    return cache.slabs.arenas;
  }

  /** The thread caches of a cache, or {@code null} when free lists are disabled. */
  static ThreadCaches threadCachesOf(SlabCache<?> cache) {
    return cache.slabs.threadCaches;
  }

  /** Every allocated object of a cache (handed out, cached, or parked). */
  @SuppressWarnings("unchecked")
  public static <T> List<T> allocatedObjects(SlabCache<T> cache) {
    List<T> out = new ArrayList<>();
    forEachSlab(cache, s -> {
      for (int i = 0; i < s.objects.length; i++) {
        if (s.allocatedSlot[i]) {
          out.add((T) s.objects[i]);
        }
      }
    });
    return out;
  }

  /** Runs {@code action} on every slab, under its arena's lock. */
  private static void forEachSlab(SlabCache<?> cache, Consumer<Slab> action) {
    for (Arena a : arenasOf(cache)) {
      List<Slab> list = new ArrayList<>();
      a.lock.lock();
      try {
        a.slabsLocked(list);
        list.forEach(action);
      } finally {
        a.lock.unlock();
      }
    }
  }

  /** The arena an object lives in. */
  public static int arenaOf(Object pooled) {
    return Slot.of(pooled).slab.arena.id;
  }

  /** The serial of the slab an object lives in (older slabs have smaller serials). */
  public static long slabOf(Object pooled) {
    return Slot.of(pooled).slab.serial;
  }
}
