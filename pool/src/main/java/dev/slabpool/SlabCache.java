package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A slab cache: one type of pooled object, its slabs and its lists, with slab-oriented reclaim.
 *
 * <p>Objects are built by the factory when their slab is built, and reused for the life of the
 * slab. {@link #allocate()} hands one out with refcount 2 (in use by the caller);
 * {@link #release(Object)} drops the caller's reference, leaving it cached (refcount 1) where the
 * allocator may free it; {@link #free(Object)} gives it back at once. {@link #reclaim(long)} frees
 * whole slabs whose objects are all unused, as docs/design.md's "Reclaim" describes.
 *
 * <pre>{@code
 * SlabCache<Buffer> buffers = SlabCache.builder("buffers", Buffer::new)
 *     .objectsPerSlab(64).objectSize(4096).payload(Payload.DIRECT)
 *     .reclaimable((buffer, mode) -> true)
 *     .memoryCapBytes(64 << 20)
 *     .build();
 * Buffer b = buffers.allocate();      // refcount 2
 * buffers.payload(b).putInt(0, 42);
 * buffers.release(b);                 // refcount 1: cached, reclaimable
 * buffers.reclaim(4);                 // frees up to 4 slabs of unused buffers
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread. Each arena has its own lock;
 * nothing takes a lock shared by all arenas. In front of the arenas each thread has a small cache
 * of the objects it freed, which it fills and empties without a lock (see
 * {@link Builder#freeListSize}). Factories and destructors are never called with an
 * arena lock held (see {@link Destructor}).
 *
 * @param <T> the pooled type: a {@link PooledObject}, or a class woven by the agent
 */
public final class SlabCache<T> implements ManagedCache {

  /** What {@link #evict(Object)} did. */
  public enum Eviction {
    /** The object was not cached and unused (refcount was not 1): nothing done. */
    NOT_CACHED,
    /** The FREE destructor declined; the object stays cached. */
    DECLINED,
    /** The object was freed. */
    FREED,
    /** The object was freed and was the last one of its slab, which is now a free slab. */
    FREED_LAST_OF_SLAB
  }

  private static final int MAX_ROOM_ATTEMPTS = 8;
  /**
   * Objects each thread's cache holds at most (fewer if {@code freeListSize} is smaller). One is
   * what allocate + free in turn needs (Stormpot's choice); a few more let a thread that holds a
   * handful of objects at a time (a request's buffers) give them all back and take them again
   * without a lock, and every one more is an object a thread may keep out of the slabs until a
   * drain. Measured on one thread with {@code AllocateFreeBenchmark} (bench/README.md; one run
   * each, load average 1.4 to 1.9 on 2 cores), capacity 1, 2, 4, 8: allocate + free in turn ran
   * at 25 to 29 ops/us for all four (16 before thread caches), the burst of 4 allocations then 4
   * frees at 3.2, 4.3, 6.8, 6.7 (3.7 before): 1 loses to the arena path on a burst, 4 catches a
   * burst of 4, 8 buys nothing more there.
   */
  static final int THREAD_CACHE_CAPACITY = 4;
  private static final Predicate<Object> ANY = o -> true;

  private final String name;
  private final Supplier<? extends T> factory;
  private final Destructor<? super T> destructor;
  private final int objectsPerSlab;
  private final int objectSize;
  private final Payload payload;
  private final boolean reclaimable;
  private final boolean registered;
  private final Arena[] arenas;
  /** Per-thread free lists in front of the arenas; {@code null} when free lists are disabled. */
  private final ThreadCaches threadCaches;
  /** Asked first to make room at the memory cap; set by a keyed cache. */
  private volatile BooleanSupplier roomMaker;

  private volatile long memoryCap;
  private volatile int circulation;
  private volatile boolean destroyed;
  /** Slabs held or being built; reserved before a slab is built so the cap is never exceeded. */
  private final AtomicLong slabCount = new AtomicLong();
  private final AtomicLong serials = new AtomicLong();

  private final LongAdder slabsReclaimed = new LongAdder();
  private final LongAdder objectsReclaimed = new LongAdder();
  private final LongAdder circulationFrees = new LongAdder();
  private final LongAdder destructorRefusals = new LongAdder();

  private SlabCache(Builder<T> b) {
    this.name = b.name;
    this.factory = b.factory;
    this.destructor = b.destructor;
    this.objectsPerSlab = b.objectsPerSlab;
    this.objectSize = b.objectSize;
    this.payload = b.payload;
    this.reclaimable = b.reclaimable;
    this.registered = b.registered;
    this.memoryCap = b.memoryCapSlabs();
    this.circulation = b.circulation();
    this.arenas = new Arena[b.arenas];
    int freeList = b.freeListSize < 0 ? Math.min(objectsPerSlab, 16) : b.freeListSize;
    this.threadCaches = freeList == 0 ? null
        : new ThreadCaches(this, arenas, Math.min(freeList, THREAD_CACHE_CAPACITY));
    for (int i = 0; i < arenas.length; i++) {
      arenas[i] = new Arena(this, i, objectsPerSlab, freeList, threadCaches);
    }
  }

  /**
   * Starts building a cache.
   *
   * @param name unique among live caches; 1 to 64 letters, digits, {@code .}, {@code _}, {@code -}
   * @param factory the constructor: builds one object, called {@code objectsPerSlab} times per slab
   */
  public static <T> Builder<T> builder(String name, Supplier<? extends T> factory) {
    return new Builder<>(name, factory);
  }

  // ---- objects -----------------------------------------------------------------------------------

  /**
   * Allocates an object: from the calling thread's cache of objects it freed (no lock), else the
   * home arena's free list, else the fullest partial slab, else a free slab, else a new slab. At
   * the memory cap a reclaimable cache first makes room by reclaim.
   *
   * @return an object with refcount 2, held by the caller
   * @throws SlabCacheFullException at the memory cap when no room could be made
   * @throws IllegalStateException if the cache is destroyed
   */
  @SuppressWarnings("unchecked")
  public T allocate() {
    Object o = fromThreadCache();
    if (o == null) {
      o = allocateSlot();
    }
    // The slot was free (refcount 0) and is ours: publishing 2 makes it visible as in use.
    if (!((Pooled) o).slabpoolCompareAndSetRefcount(0, 2)) {
      throw new IllegalStateException("free slot object " + Refcounts.describe(o)
          + " of cache '" + name + "' has refcount " + ((Pooled) o).slabpoolRefcount());
    }
    return (T) o;
  }

  /**
   * Takes a reference if the object is not free: increment-if-not-zero.
   *
   * @return {@code false} if the object is free or being freed (refcount 0), or the cache is
   *     destroyed
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public boolean retain(T object) {
    ownSlot(object);
    Pooled p = (Pooled) object;
    if (!Refcounts.tryRetain(p)) {
      return false;
    }
    // Read after the increment: a retain that sees the cache live precedes destroy(), whose walk
    // over the objects then sees this reference and hands the object over to its holder.
    if (destroyed) {
      Refcounts.release(p);
      return false;
    }
    return true;
  }

  /**
   * Drops a reference taken by {@link #allocate()} or {@link #retain(Object)}. When the last one
   * goes the object stays cached with refcount 1, and the allocator may free it.
   *
   * @return the new refcount
   * @throws IllegalStateException if the caller held no reference (refcount 1 or 0)
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public int release(T object) {
    ownSlot(object);
    return Refcounts.release((Pooled) object);
  }

  /**
   * The refcount of an object of this cache.
   *
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public int refcount(T object) {
    ownSlot(object);
    return ((Pooled) object).slabpoolRefcount();
  }

  /**
   * Gives an object back at once. The caller must hold the only reference (refcount 2); no
   * destructor is called, the object simply becomes free for reuse: it goes to the calling
   * thread's cache without a lock when there is room there, else to its arena.
   *
   * @throws IllegalStateException if others hold references, the object is already free, or the
   *     cache is destroyed
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public void free(T object) {
    Slot slot = ownSlot(object);
    checkLive();
    Pooled p = (Pooled) object;
    if (!p.slabpoolCompareAndSetRefcount(2, 0)) {
      int c = p.slabpoolRefcount();
      throw new IllegalStateException("cannot free " + Refcounts.describe(object) + " of cache '"
          + name + "': refcount is " + c + (c == 0 ? " (already free: double free)"
          : c == 1 ? " (the caller holds no reference; reclaim or evict() frees cached objects)"
          : " (" + (c - 2) + " other reference(s) held)"));
    }
    if (threadCaches != null) {
      ThreadCache tc = threadCaches.mine();
      if (tc != null && tc.put(object)) {
        return;
      }
    }
    Arena a = slot.slab.arena;
    a.lock.lock();
    try {
      if (destroyed) {
        return; // destroy() already gave the slab back
      }
      a.freeLocked(object, slot);
    } finally {
      a.lock.unlock();
    }
  }

  /**
   * The free path for one cached object, as reclaim does it: claims it (refcount 1 to 0), asks
   * the FREE destructor, and frees it, or puts it back to 1 if the destructor declines. Building
   * block for policies that choose their own victims (the LRU and Caffeine baselines). On a
   * destroyed cache it does nothing: every object is already gone.
   *
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public Eviction evict(T object) {
    return evictIf(object, ANY);
  }

  /**
   * {@link #evict(Object)} for a caller whose reference to the object may be stale: the object
   * may have been freed and handed out again (for another key) since the caller chose it. Once
   * the object is claimed nobody else can change it, so {@code stillVictim} is asked then, as a
   * lookup checks its key after taking a reference; when it answers {@code false} the claim is
   * undone and nothing else happens.
   *
   * @return {@link Eviction#NOT_CACHED} also when {@code stillVictim} rejected the object
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  Eviction evictIf(T object, Predicate<? super T> stillVictim) {
    Slot slot = ownSlot(object);
    Pooled p = (Pooled) object;
    if (destroyed || !Refcounts.claim(p)) {
      return Eviction.NOT_CACHED;
    }
    if (!stillVictim.test(object)) {
      Refcounts.unclaim(p);
      return Eviction.NOT_CACHED;
    }
    boolean freed;
    try {
      freed = destructor.destruct(object, DestructorMode.FREE);
    } catch (RuntimeException | Error e) {
      Refcounts.unclaim(p);
      destructorRefusals.increment();
      throw e;
    }
    if (!freed) {
      Refcounts.unclaim(p);
      destructorRefusals.increment();
      return Eviction.DECLINED;
    }
    Arena a = slot.slab.arena;
    a.lock.lock();
    try {
      if (slot.slab.list == Arena.RELEASED) {
        return Eviction.FREED; // destroy() raced with us and took the slab
      }
      a.returnSlotLocked(slot);
      return slot.slab.allocated == 0 ? Eviction.FREED_LAST_OF_SLAB : Eviction.FREED;
    } finally {
      a.lock.unlock();
    }
  }

  /**
   * The object's slice of its slab's payload block: {@link #objectSize()} bytes, position 0.
   * The buffer is shared by every user of the object: use absolute gets and puts, or a
   * {@code duplicate()}. It must not be used after the object is freed.
   *
   * @throws IllegalStateException if the cache has no payload
   */
  public ByteBuffer payload(T object) {
    Slot slot = ownSlot(object);
    if (slot.payload == null) {
      throw new IllegalStateException("cache '" + name + "' has no payload");
    }
    return slot.payload;
  }

  // ---- reclaim -----------------------------------------------------------------------------------

  /**
   * Frees up to {@code pages} slabs, as proposed: drains the free lists and gives back free slabs,
   * then walks the full slabs from the oldest end and then the partial slabs; frees every slab
   * whose allocated objects all have refcount 1, and frees {@link #circulation()} refcount-1
   * objects of each full slab it cannot free. Arenas are visited starting with the caller's;
   * concurrent reclaimers work on different arenas.
   *
   * @throws IllegalArgumentException if {@code pages} is negative
   * @throws IllegalStateException if the cache is not reclaimable or is destroyed
   */
  @Override
  public ReclaimResult reclaim(long pages) {
    if (pages < 0) {
      throw new IllegalArgumentException("pages must not be negative: " + pages);
    }
    if (!reclaimable) {
      throw new IllegalStateException("cache '" + name + "' was not built with the RECLAIM flag");
    }
    checkLive();
    return reclaimSlabs(pages, ReclaimResult.Cause.REQUEST);
  }

  /**
   * Gives back every free slab, after draining the free lists.
   *
   * @return slabs given back
   */
  @Override
  public long shrink() {
    return shrink(Long.MAX_VALUE);
  }

  /**
   * Gives back up to {@code maxSlabs} free slabs, after draining the free lists.
   *
   * @return slabs given back
   */
  public long shrink(long maxSlabs) {
    if (maxSlabs < 0) {
      throw new IllegalArgumentException("maxSlabs must not be negative: " + maxSlabs);
    }
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

  private ReclaimResult reclaimSlabs(long pages, ReclaimResult.Cause cause) {
    long start = System.nanoTime();
    long[] totals = new long[4]; // slabs, objects, scanned, circulation
    int first = homeIndex();
    boolean[] done = new boolean[arenas.length];
    Throwable failure = null;
    // Round 0 skips arenas another thread is reclaiming; round 1 waits for them.
    for (int round = 0; round < 2 && totals[0] < pages && failure == null; round++) {
      for (int i = 0; i < arenas.length && totals[0] < pages && failure == null; i++) {
        int idx = (first + i) % arenas.length;
        Arena a = arenas[idx];
        if (done[idx]) {
          continue;
        }
        if (round == 0) {
          if (!a.reclaimLock.tryLock()) {
            continue;
          }
        } else {
          a.reclaimLock.lock();
        }
        try {
          done[idx] = true;
          reclaimArena(a, pages - totals[0], totals);
        } catch (RuntimeException | Error e) {
          // An Error from a destructor too: what was freed before it still counts below.
          failure = e;
        } finally {
          a.reclaimLock.unlock();
        }
      }
    }
    slabsReclaimed.add(totals[0]);
    objectsReclaimed.add(totals[1]);
    circulationFrees.add(totals[3]);
    ReclaimResult result = new ReclaimResult(name, ReclaimPolicy.SLAB, cause, totals[0],
        totals[1], totals[2], System.nanoTime() - start);
    SlabCacheRegistry.reclaimed(result);
    if (failure != null) {
      throw rethrow(failure);
    }
    return result;
  }

  /** Passes over one arena until enough slabs are freed or every slab was looked at. */
  private void reclaimArena(Arena a, long wanted, long[] totals) {
    long freedHere = 0;
    long visit;
    a.lock.lock();
    try {
      visit = a.newVisitLocked();
    } finally {
      a.lock.unlock();
    }
    for (;;) {
      Arena.Pass p = new Arena.Pass();
      a.lock.lock();
      try {
        checkLive();
        a.selectLocked(p, wanted - freedHere, circulation, visit);
      } finally {
        a.lock.unlock();
      }
      Throwable failure = askFree(p);
      a.lock.lock();
      try {
        a.commitLocked(p);
      } finally {
        a.lock.unlock();
      }
      long objects = 0;
      long circulated = 0;
      for (int i = 0; i < p.freed.length; i++) {
        if (p.freed[i]) {
          objects++;
          if (p.circulating.get(i)) {
            circulated++;
          }
        }
      }
      freedHere += p.released.size();
      totals[0] += p.released.size();
      totals[1] += objects;
      totals[2] += p.scanned;
      totals[3] += circulated;
      try {
        giveBack(p.released);
      } catch (RuntimeException | Error e) {
        failure = firstWithOthers(failure, e);
      }
      if (failure != null) {
        throw rethrow(failure);
      }
      if (freedHere >= wanted || p.visited == 0) {
        return;
      }
    }
  }

  /**
   * Phase 2, no lock held: asks the FREE destructor about each claimed object and puts the ones
   * it declines back to refcount 1. If the destructor throws, the remaining objects are put back
   * unasked and the exception is returned for the caller to rethrow once the pass is committed.
   */
  @SuppressWarnings("unchecked")
  private Throwable askFree(Arena.Pass p) {
    Throwable failure = null;
    int thrownAt = -1;
    for (int i = 0; i < p.freed.length; i++) {
      Object o = p.claimed.get(i);
      boolean freed = false;
      if (failure == null) {
        try {
          freed = destructor.destruct((T) o, DestructorMode.FREE);
        } catch (RuntimeException | Error e) {
          failure = e;
          thrownAt = i;
        }
      }
      if (freed) {
        p.freed[i] = true;
      } else {
        Refcounts.unclaim((Pooled) o);
        if (i == thrownAt || failure == null) {
          // A throw counts as a refusal (as in evictIf); the objects left unasked after it do not.
          destructorRefusals.increment();
        }
      }
    }
    return failure;
  }

  /** Runs DESTROY on the objects of released slabs and releases their memory; no lock held. */
  @SuppressWarnings("unchecked")
  private void giveBack(List<Slab> released) {
    Throwable failure = null;
    for (Slab s : released) {
      slabCount.decrementAndGet();
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
          failure = firstWithOthers(failure, e);
        }
      }
      // An object still in use (only after destroy()) may still read its payload: leave that
      // block to the GC rather than free memory under it.
      if (s.direct != null && !pinned) {
        s.direct.release();
      }
    }
    if (failure != null) {
      throw rethrow(failure);
    }
  }

  /**
   * Keeps the first failure and adds a later one to its suppressed list, unless it is the same
   * exception again (a destructor may throw one instance for every object, and a throwable
   * cannot suppress itself).
   */
  private static Throwable firstWithOthers(Throwable first, Throwable later) {
    if (first == null) {
      return later;
    }
    if (later != first) {
      first.addSuppressed(later);
    }
    return first;
  }

  /** Rethrows a failure caught as {@code RuntimeException | Error}. */
  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return (RuntimeException) t;
  }

  // ---- allocation internals ------------------------------------------------------------------

  /** An object from the calling thread's cache, or {@code null}. */
  private Object fromThreadCache() {
    if (threadCaches == null || destroyed) {
      return null; // a destroyed cache: allocateSlot() says so
    }
    ThreadCache tc = threadCaches.mine();
    return tc == null ? null : tc.take();
  }

  private Object allocateSlot() {
    Arena home = arenas[homeIndex()];
    boolean noRoomMade = false;
    for (int attempt = 0; ; attempt++) {
      Object o = take(home);
      if (o != null) {
        return o;
      }
      if (reserveSlab()) {
        Slab s;
        try {
          s = buildSlab(home);
        } catch (RuntimeException | Error e) {
          slabCount.decrementAndGet();
          throw e;
        }
        home.lock.lock();
        try {
          if (destroyed) {
            slabCount.decrementAndGet();
            throw destroyedException();
          }
          return home.adoptLocked(s);
        } finally {
          home.lock.unlock();
        }
      }
      for (Arena a : arenas) {
        if (a != home && (o = take(a)) != null) {
          return o;
        }
      }
      if (attempt == MAX_ROOM_ATTEMPTS) {
        throw fullException();
      }
      if (makeRoom()) {
        noRoomMade = false;
      } else if (noRoomMade) {
        throw fullException();
      } else {
        // This thread's reclaim found nothing, but another thread may have given room back
        // meanwhile (its reclaim or evict finished while ours waited): look once more.
        noRoomMade = true;
      }
    }
  }

  /** Says why no room could be made, from the objects' states at the time of the failure. */
  private SlabCacheFullException fullException() {
    SlabCacheStats s = stats();
    long unused = s.activeObjects() - s.pinnedObjects();
    String why;
    if (unused == 0) {
      why = "every cached object is in use (" + s.pinnedObjects() + " of " + s.totalObjects()
          + ")";
    } else if (!reclaimable) {
      why = unused + " objects are cached and unused, but the cache has no RECLAIM flag, so the"
          + " allocator may not free them";
    } else if (circulation == 0) {
      why = unused + " objects are cached and unused, but each shares its slab with one in use,"
          + " and with circulation 0 reclaim frees no object out of a slab it cannot free whole"
          + " (raise circulation, or release more objects)";
    } else {
      why = unused + " objects are cached and unused, but the destructor declined to free them ("
          + s.destructorRefusals() + " refusals so far)";
    }
    return new SlabCacheFullException("cache '" + name + "' is at its memory cap of " + memoryCap
        + " slabs and no room could be made: " + why);
  }

  private Object take(Arena a) {
    a.lock.lock();
    try {
      checkLive();
      return a.takeLocked();
    } finally {
      a.lock.unlock();
    }
  }

  private boolean reserveSlab() {
    for (;;) {
      long c = slabCount.get();
      if (c >= memoryCap) {
        return false;
      }
      if (slabCount.compareAndSet(c, c + 1)) {
        return true;
      }
    }
  }

  private boolean makeRoom() {
    BooleanSupplier maker = roomMaker;
    if (maker != null && maker.getAsBoolean()) {
      return true;
    }
    if (!reclaimable) {
      // Free objects may sit in other threads' caches, which only a drain hands back.
      if (threadCaches == null) {
        return false;
      }
      for (Arena a : arenas) {
        a.lock.lock();
        try {
          checkLive();
          a.drainFreeListsLocked();
        } finally {
          a.lock.unlock();
        }
      }
      return true;
    }
    ReclaimResult r = reclaimSlabs(1, ReclaimResult.Cause.MEMORY_CAP);
    return r.slabsFreed() > 0 || r.objectsFreed() > 0;
  }

  /** Builds a slab and its objects outside any lock; on failure destroys what was built. */
  @SuppressWarnings("unchecked")
  private Slab buildSlab(Arena home) {
    int slabBytes = objectsPerSlab * objectSize;
    DirectMemory.Block direct = payload == Payload.DIRECT || payload == Payload.DIRECT_PROMPT
        ? DirectMemory.allocate(payload, slabBytes) : null;
    ByteBuffer block = direct != null ? direct.buffer()
        : payload == Payload.HEAP ? ByteBuffer.wrap(new byte[slabBytes]) : null;
    Slab s = new Slab(home, serials.incrementAndGet(), objectsPerSlab, direct);
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
        ByteBuffer slice = block == null ? null
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
          firstWithOthers(e, suppressed);
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

  private int homeIndex() {
    // Thread ids are handed out in sequence, so threads spread evenly over the arenas.
    return (int) (Thread.currentThread().getId() % arenas.length);
  }

  static Slot slot(Object o) {
    return (Slot) ((Pooled) o).slabpoolSlot();
  }

  private Slot ownSlot(Object object) {
    Objects.requireNonNull(object, "object");
    Object s = object instanceof Pooled p ? p.slabpoolSlot() : null;
    if (!(s instanceof Slot slot) || slot.slab.arena.cache != this) {
      throw new IllegalArgumentException(Refcounts.describe(object)
          + " does not belong to cache '" + name + "'");
    }
    return slot;
  }

  private void checkLive() {
    if (destroyed) {
      throw destroyedException();
    }
  }

  private IllegalStateException destroyedException() {
    return new IllegalStateException("cache '" + name + "' is destroyed");
  }

  // ---- life cycle ----------------------------------------------------------------------------

  /**
   * Destroys the cache: runs the DESTROY destructor on every object and releases all memory. The
   * cache leaves the registry; later allocations, frees and reclaims fail, and {@link #retain}
   * answers {@code false}. An object a caller still holds is handed over to its holder: it is not
   * destroyed under it, and its payload memory is left to the GC. Idempotent.
   */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (registered) {
      SlabCacheRegistry.deregister(this);
    }
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

  /**
   * Installs the room maker of a keyed cache. At the memory cap it is asked first to free
   * something in its own order; when it answers {@code false} the allocator reclaims a slab.
   */
  void roomMaker(BooleanSupplier maker) {
    this.roomMaker = maker;
  }

  // ---- ManagedCache ------------------------------------------------------------------------------

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isKeyed() {
    return false;
  }

  @Override
  public boolean isReclaimable() {
    return reclaimable;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Slots per slab. */
  public int objectsPerSlab() {
    return objectsPerSlab;
  }

  /** Payload bytes per object, or the declared size estimate for a cache without payload. */
  public int objectSize() {
    return objectSize;
  }

  /** Where payload blocks live. */
  public Payload payloadKind() {
    return payload;
  }

  /** Number of arenas. */
  public int arenas() {
    return arenas.length;
  }

  @Override
  public SlabCacheStats stats() {
    return stats(ReclaimPolicy.SLAB);
  }

  /** A statistics snapshot labelled with the policy of the keyed cache built on this one. */
  SlabCacheStats stats(ReclaimPolicy policy) {
    Arena.StatsBuilder b = new Arena.StatsBuilder(objectsPerSlab);
    for (Arena a : arenas) {
      a.lock.lock();
      try {
        a.statsLocked(b);
      } finally {
        a.lock.unlock();
      }
    }
    return new SlabCacheStats(name, policy, reclaimable, arenas.length, objectSize,
        objectsPerSlab, b.active, b.slabs * objectsPerSlab, b.activeSlabs, b.slabs,
        b.partialSlabs, b.freeSlabs, b.fullSlabs, b.slabs * objectsPerSlab * (long) objectSize,
        memoryCap, b.pinned, b.occupancy, slabsReclaimed.sum(), objectsReclaimed.sum(),
        circulationFrees.sum(), destructorRefusals.sum());
  }

  @Override
  public SlabMap slabMap() {
    record Row(long serial, int arena, int active, int pinned) {}
    List<Row> rows = new ArrayList<>();
    List<Slab> slabs = new ArrayList<>();
    for (Arena a : arenas) {
      a.lock.lock();
      try {
        slabs.clear();
        a.slabsLocked(slabs);
        for (Slab s : slabs) {
          rows.add(new Row(s.serial, a.id, s.active(), s.pinned()));
        }
      } finally {
        a.lock.unlock();
      }
    }
    rows.sort(Comparator.comparingLong(Row::serial));
    int size = rows.size();
    long[] serial = new long[size];
    int[] arena = new int[size];
    int[] active = new int[size];
    int[] pinned = new int[size];
    for (int i = 0; i < size; i++) {
      Row r = rows.get(i);
      serial[i] = r.serial;
      arena[i] = r.arena;
      active[i] = r.active;
      pinned[i] = r.pinned;
    }
    return new SlabMap(objectsPerSlab, serial, arena, active, pinned);
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.SLAB;
  }

  @Override
  public void policy(ReclaimPolicy policy) {
    if (policy != ReclaimPolicy.SLAB) {
      throw new IllegalArgumentException("cache '" + name + "' is not keyed: its only policy is"
          + " slab, not " + (policy == null ? "null" : policy.id()));
    }
  }

  @Override
  public int circulation() {
    return circulation;
  }

  @Override
  public void circulation(int objectsPerFullSlab) {
    this.circulation = checkCirculation(objectsPerFullSlab, objectsPerSlab);
  }

  @Override
  public long memoryCap() {
    return memoryCap;
  }

  @Override
  public ReclaimResult memoryCap(long slabs) {
    if (slabs < 1) {
      throw new IllegalArgumentException("memory cap must be at least 1 slab: " + slabs);
    }
    checkLive();
    this.memoryCap = slabs;
    long excess = slabCount.get() - slabs;
    if (excess > 0 && reclaimable) {
      return reclaimSlabs(excess, ReclaimResult.Cause.REQUEST);
    }
    return new ReclaimResult(name, ReclaimPolicy.SLAB, ReclaimResult.Cause.REQUEST, 0, 0, 0, 0);
  }

  /**
   * Adds a reclaim done by a policy that chose its own victims with {@link #evict} (the LRU and
   * Caffeine baselines of a keyed cache) to the cumulative counters.
   */
  void recordReclaim(ReclaimResult result) {
    slabsReclaimed.add(result.slabsFreed());
    objectsReclaimed.add(result.objectsFreed());
  }

  @Override
  public void resetStatistics() {
    slabsReclaimed.reset();
    objectsReclaimed.reset();
    circulationFrees.reset();
    destructorRefusals.reset();
  }

  @Override
  public String toString() {
    return "SlabCache[" + name + "]";
  }

  static int checkCirculation(int value, int objectsPerSlab) {
    if (value < 0 || value > objectsPerSlab) {
      throw new IllegalArgumentException("circulation must be between 0 and the objects per slab ("
          + objectsPerSlab + "): " + value);
    }
    return value;
  }

  // ---- builder -------------------------------------------------------------------------------

  /**
   * Builds a {@link SlabCache}. Every setter checks its argument at once and names the bad value.
   *
   * @param <T> the pooled type
   */
  public static final class Builder<T> {
    private final String name;
    private final Supplier<? extends T> factory;
    private Destructor<? super T> destructor = (o, mode) -> true;
    private int objectsPerSlab = 32;
    private int objectSize;
    private Payload payload = Payload.NONE;
    private boolean reclaimable;
    private boolean registered = true;
    private long capSlabs = Long.MAX_VALUE;
    private long capBytes = -1;
    private int arenas = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 64));
    /** Set explicitly, or -1 for the default. */
    private int circulation = -1;
    private int freeListSize = -1;

    private Builder(String name, Supplier<? extends T> factory) {
      this.name = SlabCacheRegistry.checkName(name);
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Slots per slab, 1 to 65536; default 32. */
    public Builder<T> objectsPerSlab(int n) {
      if (n < 1 || n > 65536) {
        throw new IllegalArgumentException("objectsPerSlab must be between 1 and 65536: " + n);
      }
      this.objectsPerSlab = n;
      return this;
    }

    /**
     * Payload bytes per object, or without payload an estimate of the object's size used for
     * statistics and byte caps; default 0.
     */
    public Builder<T> objectSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("objectSize must not be negative: " + bytes);
      }
      this.objectSize = bytes;
      return this;
    }

    /** Where each slab's payload block lives; default {@link Payload#NONE}. */
    public Builder<T> payload(Payload kind) {
      this.payload = Objects.requireNonNull(kind, "payload");
      return this;
    }

    /** The destructor, for DESTROY (and FREE on a reclaimable cache); default does nothing. */
    public Builder<T> destructor(Destructor<? super T> destructor) {
      this.destructor = Objects.requireNonNull(destructor, "destructor");
      return this;
    }

    /**
     * Sets the RECLAIM flag: the allocator may free cached objects (refcount 1) by asking the
     * destructor in FREE mode, which must unlink them from whatever index refers to them.
     */
    public Builder<T> reclaimable(Destructor<? super T> destructor) {
      destructor(destructor);
      this.reclaimable = true;
      return this;
    }

    /** The memory cap in slabs; default none. */
    public Builder<T> memoryCapSlabs(long slabs) {
      if (slabs < 1) {
        throw new IllegalArgumentException("memory cap must be at least 1 slab: " + slabs);
      }
      this.capSlabs = slabs;
      this.capBytes = -1;
      return this;
    }

    /** The memory cap in bytes of slab memory, rounded down to whole slabs (at least one). */
    public Builder<T> memoryCapBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("memory cap must be at least 1 byte: " + bytes);
      }
      this.capBytes = bytes;
      return this;
    }

    /** Number of arenas, 1 to 1024; default the number of processors (at most 64). */
    public Builder<T> arenas(int arenas) {
      if (arenas < 1 || arenas > 1024) {
        throw new IllegalArgumentException("arenas must be between 1 and 1024: " + arenas);
      }
      this.arenas = arenas;
      return this;
    }

    /**
     * Refcount-1 objects freed from each full slab a reclaim cannot free; default 2 (1 for
     * slabs of one object).
     */
    public Builder<T> circulation(int objectsPerFullSlab) {
      if (objectsPerFullSlab < 0) {
        throw new IllegalArgumentException("circulation must not be negative: "
            + objectsPerFullSlab);
      }
      this.circulation = objectsPerFullSlab;
      return this;
    }

    /**
     * Capacity of the free lists of recently freed objects, which are reused first and drained
     * by every reclaim, {@code shrink()} and {@code destroy()}: each arena's free list (taken
     * under the arena's lock) holds up to {@code objects}, and each thread's own cache (no lock;
     * virtual threads have none) holds up to {@code objects} or 4, whichever is smaller. 0
     * disables both: every free returns its slot to the slab at once, and every allocation takes
     * the fullest partial slab first. Default: the objects per slab, at most 16.
     */
    public Builder<T> freeListSize(int objects) {
      if (objects < 0 || objects > 65536) {
        throw new IllegalArgumentException("freeListSize must be between 0 and 65536: " + objects);
      }
      this.freeListSize = objects;
      return this;
    }

    /**
     * Whether the cache is listed in the {@link SlabCacheRegistry}; default {@code true}. A cache
     * that is the store of another managed cache (a keyed cache) is not listed itself.
     */
    Builder<T> registered(boolean registered) {
      this.registered = registered;
      return this;
    }

    private int circulation() {
      return circulation < 0 ? Math.min(2, objectsPerSlab) : circulation;
    }

    private long memoryCapSlabs() {
      if (capBytes < 0) {
        return capSlabs;
      }
      long slabBytes = (long) objectsPerSlab * objectSize;
      return Math.max(1, capBytes / slabBytes);
    }

    /**
     * Builds the cache and lists it in the registry.
     *
     * @throws IllegalStateException if the settings contradict each other
     * @throws IllegalArgumentException if a live cache has the same name
     */
    public SlabCache<T> build() {
      long slabBytes = (long) objectsPerSlab * objectSize;
      if (payload != Payload.NONE && objectSize == 0) {
        throw new IllegalStateException("cache '" + name + "': a " + payload
            + " payload needs objectSize > 0");
      }
      if (payload != Payload.NONE && slabBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("cache '" + name + "': a slab payload of " + slabBytes
            + " bytes (objectsPerSlab x objectSize) exceeds 2 GiB");
      }
      if (capBytes >= 0 && slabBytes == 0) {
        throw new IllegalStateException("cache '" + name + "': a memory cap in bytes needs"
            + " objectSize > 0; give it in slabs instead");
      }
      checkCirculation(circulation(), objectsPerSlab);
      SlabCache<T> cache = new SlabCache<>(this);
      if (registered) {
        SlabCacheRegistry.register(cache);
      }
      return cache;
    }
  }
}
