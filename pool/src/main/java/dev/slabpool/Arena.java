package dev.slabpool;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stripe of slab lists with its own lock: the JVM's answer to the kernel's per-node lists.
 * Allocation, free and reclaim of one arena never touch another arena's lock.
 *
 * <p>Lists, indexed by the number of allocated slots: {@code lists[0]} free slabs,
 * {@code lists[1 .. n-1]} partial slabs, {@code lists[n]} full slabs, and {@code lists[n+1]} the
 * slabs a reclaim has taken off the other lists while their destructors run. In each list the
 * head is the slab that entered it last and the tail the one that has been there longest.
 *
 * <p>Every field except the final ones is guarded by {@link #lock}. {@link #reclaimLock} makes
 * reclaims of one arena take turns, so concurrent reclaimers spread over different arenas.
 */
final class Arena {
  static final int RELEASED = -1;

  final int id;
  final ReentrantLock lock = new ReentrantLock();
  final ReentrantLock reclaimLock = new ReentrantLock();

  private final int n;
  private final int reclaiming;
  private static final SlabList NO_SLABS = new SlabList();
  private final SlabList[] lists;
  /** Bit k set when the partial list {@code lists[k]} is not empty. */
  private final long[] partialBits;
  /** Recently freed objects (refcount 0), reused first and drained before any reclaim. */
  private final Object[] freeList;
  private int freeListSize;
  /** The per-thread free lists in front of the arenas, or {@code null} when disabled. */
  private final ThreadCaches threadCaches;
  private int slabs;
  private long passes;

  Arena(int id, int objectsPerSlab, int freeListCapacity, ThreadCaches threadCaches) {
    this.id = id;
    this.n = objectsPerSlab;
    this.reclaiming = n + 1;
    this.lists = new SlabList[n + 2]; // each built when a slab first goes on it (see peek)
    this.partialBits = new long[(n >>> 6) + 1];
    this.freeList = new Object[freeListCapacity];
    this.threadCaches = threadCaches;
  }

  // ---- allocation and free, caller holds lock ------------------------------------------------

  /**
   * Takes a slot: the free list first, then the fullest partial slab, then a free slab.
   *
   * @return the slot's object, refcount still 0, or {@code null} when a new slab is needed
   */
  Object takeLocked() {
    if (freeListSize > 0) {
      Object o = freeList[--freeListSize];
      freeList[freeListSize] = null;
      return o;
    }
    Slab s = fullestPartial();
    if (s == null) {
      s = peek(0).head;
    }
    return s == null ? null : takeSlot(s);
  }

  /** Adds a newly built slab and takes its first slot. */
  Object adoptLocked(Slab s) {
    slabs++;
    link(s, 0);
    return takeSlot(s);
  }

  /** Frees an object the caller has claimed: parks it on the free list, or returns its slot. */
  void freeLocked(Object o, Slot slot) {
    if (freeListSize < freeList.length) {
      freeList[freeListSize++] = o;
    } else {
      returnSlot(slot.slab, slot.index);
    }
  }

  /** Returns the slot of a claimed object to its slab, bypassing the free list. */
  void returnSlotLocked(Slot slot) {
    returnSlot(slot.slab, slot.index);
  }

  /**
   * Drains the free lists back into the slabs (the proposal's first patch): this arena's, and the
   * objects of this arena in every thread's cache, dead threads' included.
   */
  void drainFreeListsLocked() {
    for (int i = 0; i < freeListSize; i++) {
      Slot slot = Slot.of(freeList[i]);
      freeList[i] = null;
      returnSlot(slot.slab, slot.index);
    }
    freeListSize = 0;
    if (threadCaches != null) {
      threadCaches.drainLocked(this);
    }
  }

  /** Returns the objects of this arena in one thread's cache to their slabs. */
  void drainLocked(ThreadCache tc) {
    for (int i = 0; i < tc.capacity(); i++) {
      Object o = tc.steal(i, this);
      if (o != null) {
        Slot slot = Slot.of(o);
        returnSlot(slot.slab, slot.index);
      }
    }
  }

  /** Adds the objects on this arena's free list to {@code out}, for checks. */
  void freeListLocked(List<Object> out) {
    for (int i = 0; i < freeListSize; i++) {
      out.add(freeList[i]);
    }
  }

  /** Gives back up to {@code max} free slabs; they are added to {@code out}. */
  void releaseFreeSlabsLocked(long max, List<Slab> out) {
    for (long i = 0; i < max && peek(0).tail != null; i++) {
      Slab s = peek(0).tail;
      release(s);
      out.add(s);
    }
  }

  /** Takes every slab off the lists, for {@code destroy()}. */
  void releaseAllLocked(List<Slab> out) {
    drainFreeListsLocked();
    for (SlabList list : lists) {
      while (list != null && list.tail != null) {
        Slab s = list.tail;
        release(s);
        out.add(s);
      }
    }
  }

  private Object takeSlot(Slab s) {
    int i = s.freeSlots[--s.freeCount];
    s.allocatedSlot[i] = true;
    setAllocated(s, s.allocated + 1);
    return s.objects[i];
  }

  private void returnSlot(Slab s, int i) {
    if (!s.allocatedSlot[i]) {
      throw new IllegalStateException("slot " + i + " of slab " + s.serial + " freed twice");
    }
    s.allocatedSlot[i] = false;
    s.immovable = false; // the object a mover would not move may be the one that left
    s.freeSlots[s.freeCount++] = i;
    setAllocated(s, s.allocated - 1);
  }

  private Slab fullestPartial() {
    for (int w = partialBits.length - 1; w >= 0; w--) {
      long bits = partialBits[w];
      if (bits != 0) {
        return lists[(w << 6) + 63 - Long.numberOfLeadingZeros(bits)].head;
      }
    }
    return null;
  }

  // ---- list moves ------------------------------------------------------------------------------

  private void setAllocated(Slab s, int allocated) {
    if (s.list == reclaiming || s.list == RELEASED) {
      s.allocated = allocated;
      return;
    }
    unlink(s);
    s.allocated = allocated;
    link(s, allocated);
  }

  /**
   * The list of slabs with {@code k} allocated slots, or an empty one never written to: a cache
   * of 16384 slots per slab would otherwise build 16386 lists per arena up front.
   */
  private SlabList peek(int k) {
    SlabList list = lists[k];
    return list == null ? NO_SLABS : list;
  }

  private void link(Slab s, int list) {
    if (lists[list] == null) {
      lists[list] = new SlabList();
    }
    lists[list].addFirst(s);
    s.list = list;
    if (list > 0 && list < n) {
      partialBits[list >>> 6] |= 1L << list;
    }
  }

  private void unlink(Slab s) {
    int list = s.list;
    lists[list].remove(s);
    if (list > 0 && list < n && lists[list].size == 0) {
      partialBits[list >>> 6] &= ~(1L << list);
    }
  }

  private void release(Slab s) {
    unlink(s);
    s.list = RELEASED;
    slabs--;
  }

  // ---- reclaim ---------------------------------------------------------------------------------

  /** What one pass over an arena chose, and then what became of it. */
  static final class Pass {
    /** Slabs given back; their objects get DESTROY outside the lock. */
    final List<Slab> released = new ArrayList<>();
    /** Slabs whose every allocated object was claimed; on the reclaiming list meanwhile. */
    final List<Slab> wholeSlabs = new ArrayList<>();
    /** Claimed objects, refcount 0, to hand to the FREE destructor. */
    final List<Object> claimed = new ArrayList<>();
    /**
     * Which of {@link #claimed} were claimed for circulation. Whole-slab and circulation claims
     * interleave in the walk, so the position in {@link #claimed} does not tell.
     */
    final BitSet circulating = new BitSet();
    /** Compaction only: the fresh slot object (refcount 0) each claimed object moves to. */
    final List<Object> targets = new ArrayList<>();
    /** Compaction only: which of {@link #targets} were not moved into; their slots go back. */
    final BitSet unusedTargets = new BitSet();
    /** Whether the destructor freed each claimed object (compaction: whether it was moved). */
    boolean[] freed;
    long scanned;
    long visited;
  }

  /** A fresh id for one reclaim call, so that its passes look at each slab once. */
  long newVisitLocked() {
    return ++passes;
  }

  /**
   * Phase 1 of a reclaim pass: drains the free lists, gives back free slabs, then walks the full
   * slabs from the oldest end and the partial slabs from the sparsest, claiming every object of
   * the slabs whose allocated objects all have refcount 1, and {@code circulation} refcount-1
   * objects of each other full slab, until {@code wanted} slabs are expected.
   */
  void selectLocked(Pass p, long wanted, int circulation, long visit) {
    drainFreeListsLocked();
    releaseFreeSlabsLocked(wanted, p.released);
    long expected = p.released.size();
    expected = walk(peek(n), p, expected, wanted, visit, circulation);
    for (int k = 1; k < n && expected < wanted; k++) {
      expected = walk(peek(k), p, expected, wanted, visit, 0); // no circulation in partial slabs
    }
    p.freed = new boolean[p.claimed.size()];
  }

  /**
   * Walks one list from its oldest end, looking at each slab once per reclaim call: claims the
   * whole slab when it can, else {@code circulation} of its unused objects.
   *
   * @return the slabs expected to be freed so far
   */
  private long walk(SlabList list, Pass p, long expected, long wanted, long visit,
      int circulation) {
    for (Slab s = list.tail; s != null && expected < wanted; ) {
      Slab older = s.prev; // s may move to the reclaiming list
      if (s.visitedBy != visit) {
        s.visitedBy = visit;
        p.visited++;
        if (claimWholeSlab(s, p)) {
          expected++;
        } else if (circulation > 0) {
          claimForCirculation(s, circulation, p);
        }
      }
      s = older;
    }
    return expected;
  }

  /** Claims every allocated object of {@code s} if all have refcount 1; all or nothing. */
  private boolean claimWholeSlab(Slab s, Pass p) {
    Object[] objects = s.objects;
    for (int i = 0; i < objects.length; i++) {
      if (s.allocatedSlot[i]) {
        p.scanned++;
        if (((Pooled) objects[i]).slabpoolRefcount() != 1) {
          return false;
        }
      }
    }
    int first = p.claimed.size();
    for (int i = 0; i < objects.length; i++) {
      if (s.allocatedSlot[i]) {
        if (!Refcounts.claim((Pooled) objects[i])) {
          // Someone took a reference since the scan: put back what this slab claimed.
          for (int j = p.claimed.size() - 1; j >= first; j--) {
            Refcounts.unclaim((Pooled) p.claimed.remove(j));
          }
          return false;
        }
        p.claimed.add(objects[i]);
      }
    }
    unlink(s);
    link(s, reclaiming);
    p.wholeSlabs.add(s);
    return true;
  }

  private void claimForCirculation(Slab s, int circulation, Pass p) {
    Object[] objects = s.objects;
    for (int i = 0, left = circulation; i < objects.length && left > 0; i++) {
      if (!s.allocatedSlot[i]) {
        continue;
      }
      p.scanned++; // the claim reads a refcount too
      if (Refcounts.claim((Pooled) objects[i])) {
        p.circulating.set(p.claimed.size());
        p.claimed.add(objects[i]);
        left--;
      }
    }
  }

  /**
   * Phase 1 of a compaction pass: drains the free lists, then claims whole the sparsest partial
   * slabs whose objects all have refcount 1 and fit into the holes of the denser ones, and takes
   * a slot for each claimed object in the fullest partial slab (never a claimed one: those are on
   * the reclaiming list), up to {@code maxSlabs} slabs. Evicts nothing: every claimed object gets
   * a place.
   */
  void selectForCompactionLocked(Pass p, long maxSlabs) {
    drainFreeListsLocked();
    List<Slab> partial = new ArrayList<>();
    long holes = 0;
    for (int k = 1; k < n; k++) { // sparsest first
      for (Slab s = peek(k).tail; s != null; s = s.prev) {
        partial.add(s);
        holes += n - k;
      }
    }
    long moving = 0;
    for (Slab s : partial) {
      if (p.wholeSlabs.size() >= maxSlabs) {
        break;
      }
      if (s.immovable) {
        continue; // its holes still take moved objects
      }
      // The holes left for the moved objects: those of the slabs not emptied.
      long targetHoles = holes - (n - s.allocated);
      if (moving + s.allocated > targetHoles) {
        break;
      }
      if (claimWholeSlab(s, p)) {
        holes = targetHoles;
        moving += s.allocated;
      }
    }
    for (int i = 0; i < p.claimed.size(); i++) {
      p.targets.add(takeSlot(fullestPartial()));
    }
    p.freed = new boolean[p.claimed.size()];
  }

  /**
   * Phase 3: returns the slots of freed objects, gives back the whole slabs that became empty,
   * and puts the others back on their lists.
   */
  void commitLocked(Pass p) {
    for (int i = 0; i < p.freed.length; i++) {
      if (p.freed[i]) {
        returnSlotLocked(Slot.of(p.claimed.get(i)));
      }
    }
    for (int i = p.unusedTargets.nextSetBit(0); i >= 0; i = p.unusedTargets.nextSetBit(i + 1)) {
      Slot slot = Slot.of(p.targets.get(i));
      boolean immovable = slot.slab.immovable;
      returnSlot(slot.slab, slot.index);
      slot.slab.immovable = immovable; // a slot lent for a move is no object leaving
    }
    for (Slab s : p.wholeSlabs) {
      if (s.list == RELEASED) {
        continue; // destroy() took it meanwhile
      }
      unlink(s);
      if (s.allocated == 0) {
        s.list = RELEASED;
        slabs--;
        p.released.add(s);
      } else {
        link(s, s.allocated);
      }
    }
  }

  // ---- statistics ------------------------------------------------------------------------------

  /** Adds this arena's figures to {@code b}; caller holds lock. */
  void statsLocked(StatsBuilder b) {
    b.slabs += slabs;
    for (int list = 0; list < lists.length; list++) {
      for (Slab s = peek(list).head; s != null; s = s.next) {
        int active = s.active();
        b.active += active;
        b.occupancy[active]++;
        if (active > 0) {
          b.activeSlabs++;
        }
        if (s.allocated == 0) {
          b.freeSlabs++;
        } else if (s.allocated == n) {
          b.fullSlabs++;
        } else {
          b.partialSlabs++;
        }
        b.pinned += s.pinned();
      }
    }
  }

  /** Adds every slab to {@code out}; caller holds lock. */
  void slabsLocked(List<Slab> out) {
    for (SlabList list : lists) {
      for (Slab s = list == null ? null : list.head; s != null; s = s.next) {
        out.add(s);
      }
    }
  }

  /** Mutable sums for a statistics snapshot. */
  static final class StatsBuilder {
    long slabs;
    long active;
    long activeSlabs;
    long freeSlabs;
    long fullSlabs;
    long partialSlabs;
    long pinned;
    final long[] occupancy;

    StatsBuilder(int objectsPerSlab) {
      occupancy = new long[objectsPerSlab + 1];
    }
  }
}
