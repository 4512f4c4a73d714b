package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The slabs of one cache: its settings, its arenas and thread caches, the slab count held against
 * the memory cap, and how a slab is built, how an object goes back to its slab, and how released
 * slabs are given back. The allocation path ({@link Allocator}), the reclaim policies
 * ({@link Reclaimer}) and the statistics ({@link Census}) work on this; {@link SlabCache} is the
 * face users see.
 *
 * <p>Lock convention, as in {@link Arena}: a method whose name ends in {@code Locked} runs with
 * its arena's lock held; every other method takes the locks it needs and calls factories and
 * destructors with none held.
 *
 * @param <T> the pooled type
 */
final class Slabs<T> {
  final String name;
  final int objectsPerSlab;
  final int objectSize;
  final Payload payload;
  final boolean reclaimable;
  final Arena[] arenas;
  /** Per-thread free lists in front of the arenas; {@code null} when free lists are disabled. */
  final ThreadCaches threadCaches;
  final Counters counters = new Counters();
  /**
   * A cap shared with other caches (the size classes of a {@link PayloadCache}), held beside this
   * cache's own; {@code null} when there is none.
   */
  final SlabBudget budget;
  /**
   * Whether each object gets its own {@link Slot#payload} slice. A payload cache's slots hold
   * values of any length up to the slot's size and are read through {@link Slab#block}, so its
   * slots have none: a slice per object would cost more heap than many values it holds.
   */
  final boolean slices;
  /** Bytes the values in the slots ask for, or {@code null} unless the slots hold values. */
  final LongAdder requestedBytes;

  private final Supplier<? extends T> factory;
  private final Destructor<? super T> destructor;
  /** Slabs held or being built; reserved before a slab is built so the cap is never exceeded. */
  private final AtomicLong slabCount = new AtomicLong();
  private final AtomicLong serials = new AtomicLong();

  volatile long memoryCap;
  volatile int circulation;
  volatile boolean destroyed;

  Slabs(String name, Supplier<? extends T> factory, Destructor<? super T> destructor,
      int objectsPerSlab, int objectSize, Payload payload, boolean reclaimable, int arenaCount,
      int freeListSize, int threadCacheCapacity, SlabBudget budget, boolean valueSlots) {
    this.name = name;
    this.budget = budget;
    this.slices = !valueSlots;
    this.requestedBytes = valueSlots ? new LongAdder() : null;
    this.factory = factory;
    this.destructor = destructor;
    this.objectsPerSlab = objectsPerSlab;
    this.objectSize = objectSize;
    this.payload = payload;
    this.reclaimable = reclaimable;
    this.arenas = new Arena[arenaCount];
    this.threadCaches = freeListSize == 0 ? null
        : new ThreadCaches(() -> destroyed, arenas, Math.min(freeListSize, threadCacheCapacity));
    for (int i = 0; i < arenas.length; i++) {
      arenas[i] = new Arena(i, objectsPerSlab, freeListSize, threadCaches);
    }
  }

  // ---- ownership and life ----------------------------------------------------------------------

  /**
   * The slot of an object of this cache.
   *
   * @throws IllegalArgumentException naming the object if it does not live in one of our slabs
   */
  Slot ownSlot(Object object) {
    Objects.requireNonNull(object, "object");
    Object s = object instanceof Pooled p ? p.slabpoolSlot() : null;
    if (!(s instanceof Slot slot) || !isOurs(slot.slab.arena)) {
      throw new IllegalArgumentException(Refcounts.describe(object)
          + " does not belong to cache '" + name + "'");
    }
    return slot;
  }

  private boolean isOurs(Arena a) {
    return a.id < arenas.length && arenas[a.id] == a;
  }

  void checkLive() {
    if (destroyed) {
      throw destroyedException();
    }
  }

  IllegalStateException destroyedException() {
    return Checks.destroyed(name);
  }

  /** The arena of the calling thread. */
  Arena home() {
    // Thread ids are handed out in sequence, so threads spread evenly over the arenas.
    return arenas[homeIndex()];
  }

  int homeIndex() {
    return (int) (Thread.currentThread().getId() % arenas.length);
  }

  /** Slabs held or being built. */
  long slabCount() {
    return slabCount.get();
  }

  // ---- the destructor --------------------------------------------------------------------------

  /** Asks the destructor; no lock held. */
  boolean destruct(T object, DestructorMode mode) {
    return destructor.destruct(object, mode);
  }

  // ---- slabs in and out --------------------------------------------------------------------------

  /**
   * Takes a slab's worth of the memory cap, and of the shared one if any, or answers
   * {@code false} at either.
   */
  boolean reserveSlab() {
    for (;;) {
      long c = slabCount.get();
      if (c >= memoryCap) {
        return false;
      }
      if (slabCount.compareAndSet(c, c + 1)) {
        break;
      }
    }
    if (budget != null && !budget.reserve()) {
      slabCount.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a reservation whose slab was never adopted, or a slab given back. */
  void unreserveSlab() {
    slabCount.decrementAndGet();
    if (budget != null) {
      budget.release();
    }
  }

  /** Whether the shared cap, not this cache's own, is what stops a new slab. */
  boolean atSharedCap() {
    return budget != null && slabCount.get() < memoryCap && budget.exhausted();
  }

  /** Builds a slab and its objects outside any lock; on failure destroys what was built. */
  @SuppressWarnings("unchecked")
  Slab buildSlab(Arena home) {
    int slabBytes = objectsPerSlab * objectSize;
    DirectMemory.Block direct = payload == Payload.DIRECT || payload == Payload.DIRECT_PROMPT
        ? DirectMemory.allocate(payload, slabBytes) : null;
    ByteBuffer block = direct != null ? direct.buffer()
        : payload == Payload.HEAP ? ByteBuffer.wrap(new byte[slabBytes]) : null;
    Slab s = new Slab(home, serials.incrementAndGet(), objectsPerSlab, direct, block);
    int built = 0;
    try {
      for (; built < objectsPerSlab; built++) {
        Object o = factory.get();
        if (!(o instanceof Pooled p)) {
          throw new IllegalStateException("the factory of cache '" + name + "' returned "
              + (o == null ? "null" : notPooled(o.getClass())));
        }
        if (p.slabpoolSlot() != null || p.slabpoolRefcount() != 0) {
          throw new IllegalStateException("the factory of cache '" + name + "' returned "
              + Refcounts.describe(o) + ", which already belongs to a slab: it must build a new"
              + " object on each call");
        }
        ByteBuffer slice = block == null || !slices ? null
            : block.slice(built * objectSize, objectSize);
        p.slabpoolSlot(new Slot(s, built, slice));
        s.objects[built] = o;
      }
      return s;
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < built; i++) {
        try {
          destructor.destruct((T) s.objects[i], DestructorMode.DESTROY);
        } catch (RuntimeException suppressed) {
          Failures.firstWithOthers(e, suppressed);
        }
      }
      if (direct != null) {
        direct.release();
      }
      throw e;
    }
  }

  /**
   * Why objects of a class cannot live in a slab: for a {@link PooledType} class, whether the JVM
   * runs without the agent or the agent could not weave it (it sets {@code dev.slabpool.agent}).
   */
  private static String notPooled(Class<?> type) {
    String what = "a " + type.getName() + ", which does not implement dev.slabpool.Pooled: ";
    if (!type.isAnnotationPresent(PooledType.class)) {
      return what + "extend PooledObject, or annotate the class with @PooledType and run with the"
          + " slabpool agent";
    }
    return what + (System.getProperty("dev.slabpool.agent") == null
        ? "the class is annotated @PooledType, but the JVM runs without the slabpool agent, which"
            + " weaves the refcount in; start it with -javaagent:slabpool-agent.jar"
        : "the class is annotated @PooledType but was not woven: it was loaded before the"
            + " slabpool agent attached (a loaded class cannot gain fields), or the agent could"
            + " not weave it (see its warnings); start the JVM with -javaagent:slabpool-agent.jar");
  }

  /** Runs DESTROY on the objects of released slabs and releases their memory; no lock held. */
  @SuppressWarnings("unchecked")
  void giveBack(List<Slab> released) {
    Throwable failure = null;
    for (Slab s : released) {
      unreserveSlab();
      boolean pinned = false;
      for (Object o : s.objects) {
        if (((Pooled) o).slabpoolRefcount() > 1) {
          // Held (only after destroy()): handed over to its holder, not cleared under it.
          pinned = true;
          continue;
        }
        try {
          destructor.destruct((T) o, DestructorMode.DESTROY);
        } catch (RuntimeException | Error e) {
          // Keep going: every slab must still be counted out and its memory released.
          failure = Failures.firstWithOthers(failure, e);
        }
      }
      // An object still in use (only after destroy()) may still read its payload: leave that
      // block to the GC rather than free memory under it.
      if (s.direct != null && !pinned) {
        s.direct.release();
      }
    }
    if (failure != null) {
      throw Failures.rethrow(failure);
    }
  }

  /** Returns a free object (refcount 0) to its slot; a destroyed cache already gave it back. */
  void returnFree(Object object, Slot slot) {
    Arena a = slot.slab.arena;
    a.lock.lock();
    try {
      if (!destroyed) {
        a.freeLocked(object, slot);
      }
    } finally {
      a.lock.unlock();
    }
  }

  /**
   * Returns a claimed object, freed by its destructor, to its slot.
   *
   * @return whether its slab is now free
   */
  boolean returnClaimed(Slot slot) {
    Arena a = slot.slab.arena;
    a.lock.lock();
    try {
      if (slot.slab.list == Arena.RELEASED) {
        return false; // destroy() raced with us and took the slab
      }
      a.returnSlotLocked(slot);
      return slot.slab.allocated == 0;
    } finally {
      a.lock.unlock();
    }
  }

  /** An object from arena {@code a}: its free list or slabs, or {@code null}. */
  Object take(Arena a) {
    a.lock.lock();
    try {
      checkLive();
      return a.takeLocked();
    } finally {
      a.lock.unlock();
    }
  }

  /** Adopts a slab built for arena {@code home} and hands out its first object. */
  Object adopt(Arena home, Slab s) {
    home.lock.lock();
    try {
      if (destroyed) {
        unreserveSlab();
        throw destroyedException();
      }
      return home.adoptLocked(s);
    } finally {
      home.lock.unlock();
    }
  }

  /** Hands every thread's cached free objects and the arenas' free lists back to the slabs. */
  void drainFreeLists() {
    for (Arena a : arenas) {
      a.lock.lock();
      try {
        checkLive();
        a.drainFreeListsLocked();
      } finally {
        a.lock.unlock();
      }
    }
  }

  /** Drains the free lists, then gives back up to {@code maxSlabs} free slabs. */
  long shrink(long maxSlabs) {
    checkLive();
    List<Slab> released = new ArrayList<>();
    for (Arena a : arenas) {
      a.lock.lock();
      try {
        a.drainFreeListsLocked();
        a.releaseFreeSlabsLocked(maxSlabs - released.size(), released);
      } finally {
        a.lock.unlock();
      }
    }
    if (threadCaches != null) {
      threadCaches.pruneDeadThreads(); // drained above: this only forgets them
    }
    giveBack(released);
    return released.size();
  }

  /** Gives back every slab once the cache is marked destroyed (objects still held excepted). */
  void releaseAll() {
    List<Slab> all = new ArrayList<>();
    for (Arena a : arenas) {
      a.lock.lock();
      try {
        a.releaseAllLocked(all);
      } finally {
        a.lock.unlock();
      }
    }
    giveBack(all);
  }
}
