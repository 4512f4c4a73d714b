package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
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

  private static final Predicate<Object> ANY = o -> true;

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

  /** The slabs and their state; package-private for the package's invariant checks. */
  final Slabs<T> slabs;
  private final Allocator<T> allocator;
  private final SlabOrder<T> slabOrder;
  private final Compactor<T> compactor;
  /** The mover given at build time, or {@code null}. */
  private final Mover<? super T> mover;
  /** The policy this cache reclaims by: its slab order, or one a keyed cache installed. */
  private volatile Reclaimer reclaimer;
  private final boolean registered;

  private SlabCache(Builder<T> b) {
    int freeList = b.freeListSize < 0 ? Math.min(b.objectsPerSlab, 16) : b.freeListSize;
    this.slabs = new Slabs<>(b.name, b.factory, b.destructor, b.objectsPerSlab, b.objectSize,
        b.payload, b.reclaimable, b.arenas, freeList, THREAD_CACHE_CAPACITY, b.budget,
        b.valueSlots);
    slabs.memoryCap = b.memoryCapSlabs();
    slabs.circulation = b.circulation();
    this.allocator = new Allocator<>(slabs);
    this.compactor = new Compactor<>(slabs);
    this.mover = b.mover;
    this.slabOrder = new SlabOrder<>(slabs,
        mover == null ? null : max -> compactor.compact(mover, max));
    this.reclaimer = slabOrder;
    this.registered = b.registered;
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
    Object o = allocator.allocate(reclaimer);
    // The slot was free (refcount 0) and is ours: publishing 2 makes it visible as in use.
    if (!((Pooled) o).slabpoolCompareAndSetRefcount(0, 2)) {
      throw new IllegalStateException("free slot object " + Refcounts.describe(o)
          + " of cache '" + slabs.name + "' has refcount " + ((Pooled) o).slabpoolRefcount());
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
    slabs.ownSlot(object);
    Pooled p = (Pooled) object;
    if (!Refcounts.tryRetain(p)) {
      return false;
    }
    // Read after the increment: a retain that sees the cache live precedes destroy(), whose walk
    // over the objects then sees this reference and hands the object over to its holder.
    if (slabs.destroyed) {
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
    slabs.ownSlot(object);
    return Refcounts.release((Pooled) object);
  }

  /**
   * The refcount of an object of this cache.
   *
   * @throws IllegalArgumentException if the object does not belong to this cache
   */
  public int refcount(T object) {
    slabs.ownSlot(object);
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
    Slot slot = slabs.ownSlot(object);
    slabs.checkLive();
    Pooled p = (Pooled) object;
    if (!p.slabpoolCompareAndSetRefcount(2, 0)) {
      int c = p.slabpoolRefcount();
      throw new IllegalStateException("cannot free " + Refcounts.describe(object) + " of cache '"
          + slabs.name + "': refcount is " + c + (c == 0 ? " (already free: double free)"
          : c == 1 ? " (the caller holds no reference; reclaim or evict() frees cached objects)"
          : " (" + (c - 2) + " other reference(s) held)"));
    }
    if (slabs.threadCaches != null) {
      ThreadCache tc = slabs.threadCaches.mine();
      if (tc != null && tc.put(object)) {
        return;
      }
    }
    slabs.returnFree(object, slot);
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
    Slot slot = slabs.ownSlot(object);
    Pooled p = (Pooled) object;
    if (slabs.destroyed || !Refcounts.claim(p)) {
      return Eviction.NOT_CACHED;
    }
    if (!stillVictim.test(object)) {
      Refcounts.unclaim(p);
      return Eviction.NOT_CACHED;
    }
    boolean freed;
    try {
      freed = slabs.destruct(object, DestructorMode.FREE);
    } catch (RuntimeException | Error e) {
      Refcounts.unclaim(p);
      slabs.counters.destructorRefusals.increment();
      throw e;
    }
    if (!freed) {
      Refcounts.unclaim(p);
      slabs.counters.destructorRefusals.increment();
      return Eviction.DECLINED;
    }
    return slabs.returnClaimed(slot) ? Eviction.FREED_LAST_OF_SLAB : Eviction.FREED;
  }

  /**
   * The object's slice of its slab's payload block: {@link #objectSize()} bytes, position 0.
   * The buffer is shared by every user of the object: use absolute gets and puts, or a
   * {@code duplicate()}. It must not be used after the object is freed.
   *
   * @throws IllegalStateException if the cache has no payload
   */
  public ByteBuffer payload(T object) {
    Slot slot = slabs.ownSlot(object);
    if (slot.payload == null) {
      throw new IllegalStateException("cache '" + slabs.name + "' has no payload");
    }
    return slot.payload;
  }

  // ---- reclaim -----------------------------------------------------------------------------------

  /**
   * Frees up to {@code pages} slabs by the cache's policy; a plain cache's is the proposal's:
   * drains the free lists and gives back free slabs, then walks the full slabs from the oldest
   * end and then the partial slabs; frees every slab whose allocated objects all have refcount 1,
   * and frees {@link #circulation()} refcount-1 objects of each full slab it cannot free. Arenas
   * are visited starting with the caller's; concurrent reclaimers work on different arenas.
   *
   * @throws IllegalArgumentException if {@code pages} is negative
   * @throws IllegalStateException if the cache is not reclaimable or is destroyed
   */
  @Override
  public ReclaimResult reclaim(long pages) {
    Checks.pages(pages);
    if (!slabs.reclaimable) {
      throw new IllegalStateException("cache '" + slabs.name
          + "' was not built with the RECLAIM flag");
    }
    slabs.checkLive();
    return reclaimer.reclaim(pages, ReclaimResult.Cause.REQUEST);
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
    return slabs.shrink(maxSlabs);
  }

  /** The proposal's policy, which every cache has; a keyed cache's own policies fall back to it. */
  Reclaimer slabOrder() {
    return slabOrder;
  }

  /** Installs the policy a keyed cache reclaims by; {@code null} puts back the slab order. */
  void reclaimWith(Reclaimer policy) {
    this.reclaimer = policy == null ? slabOrder : policy;
  }

  /** Whether the cache was built with a {@link Mover}. */
  @Override
  public boolean isMovable() {
    return mover != null;
  }

  /**
   * Compacts the cache with its mover: per arena, the sparsest slabs whose objects are all cached
   * and unused are emptied, each object moved into a hole of a denser slab (see {@link Mover}),
   * and given back, as long as the holes of the others take their objects. Evicts nothing; an
   * object the mover does not move stays where it is, with its slab.
   *
   * @throws IllegalStateException if the cache has no mover or is destroyed
   */
  @Override
  public CompactionResult compact() {
    if (mover == null) {
      throw new IllegalStateException("cache '" + slabs.name + "' has no mover: give one to its"
          + " builder (SlabCache.Builder.mover) to compact it");
    }
    return compact(mover, Long.MAX_VALUE);
  }

  /**
   * Moves cached, unused objects out of the sparsest slabs into the holes of denser ones with
   * {@code mover}, and gives back the slabs that empty, up to {@code maxSlabs}; evicts nothing.
   */
  CompactionResult compact(Mover<? super T> mover, long maxSlabs) {
    slabs.checkLive();
    return compactor.compact(mover, maxSlabs);
  }

  /** Slabs held or being built: a count, without the snapshot {@link #stats()} takes. */
  long slabCount() {
    return slabs.slabCount();
  }

  // ---- life cycle ----------------------------------------------------------------------------

  /**
   * Destroys the cache: runs the DESTROY destructor on every object and releases all memory. The
   * cache leaves the registry; later allocations, frees and reclaims fail, and {@link #retain}
   * answers {@code false}. An object a caller still holds is handed over to its holder: it is not
   * destroyed under it, and its payload memory is left to the GC. Idempotent.
   */
  public void destroy() {
    if (slabs.destroyed) {
      return;
    }
    slabs.destroyed = true;
    if (registered) {
      SlabCacheRegistry.deregister(this);
    }
    slabs.releaseAll();
  }

  // ---- ManagedCache ------------------------------------------------------------------------------

  @Override
  public String name() {
    return slabs.name;
  }

  @Override
  public boolean isKeyed() {
    return false;
  }

  @Override
  public boolean isReclaimable() {
    return slabs.reclaimable;
  }

  @Override
  public boolean isDestroyed() {
    return slabs.destroyed;
  }

  /** Slots per slab. */
  public int objectsPerSlab() {
    return slabs.objectsPerSlab;
  }

  /** Payload bytes per object, or the declared size estimate for a cache without payload. */
  public int objectSize() {
    return slabs.objectSize;
  }

  /** Where payload blocks live. */
  public Payload payloadKind() {
    return slabs.payload;
  }

  /** Number of arenas. */
  public int arenas() {
    return slabs.arenas.length;
  }

  @Override
  public SlabCacheStats stats() {
    return Census.stats(slabs, reclaimer.policy());
  }

  /** Every slab, oldest first. A plain cache keeps no access state: no object counts as hot. */
  @Override
  public SlabMap slabMap() {
    return slabMap(o -> false);
  }

  /** The slab map, counting as hot the objects {@code hot} accepts (a keyed cache's heat). */
  SlabMap slabMap(Predicate<Object> hot) {
    return Census.slabMap(slabs, hot);
  }

  @Override
  public ReclaimPolicy policy() {
    return reclaimer.policy();
  }

  @Override
  public Set<ReclaimPolicy> policies() {
    return EnumSet.of(ReclaimPolicy.SLAB);
  }

  @Override
  public void policy(ReclaimPolicy policy) {
    if (policy != ReclaimPolicy.SLAB) {
      throw new IllegalArgumentException("cache '" + slabs.name + "' is not keyed: its only"
          + " policy is slab, not " + (policy == null ? "null" : policy.id()));
    }
  }

  @Override
  public int circulation() {
    return slabs.circulation;
  }

  @Override
  public void circulation(int objectsPerFullSlab) {
    slabs.circulation = checkCirculation(objectsPerFullSlab, slabs.objectsPerSlab);
  }

  @Override
  public long memoryCap() {
    return slabs.memoryCap;
  }

  @Override
  public ReclaimResult memoryCap(long slabCap) {
    Checks.capSlabs(slabCap);
    slabs.checkLive();
    slabs.memoryCap = slabCap;
    long excess = slabs.slabCount() - slabCap;
    if (excess > 0 && slabs.reclaimable) {
      return reclaimer.reclaim(excess, ReclaimResult.Cause.REQUEST);
    }
    return new ReclaimResult(slabs.name, policy(), ReclaimResult.Cause.REQUEST, 0, 0, 0, 0);
  }

  @Override
  public void resetStatistics() {
    slabs.counters.reset();
  }

  @Override
  public String toString() {
    return "SlabCache[" + slabs.name + "]";
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
    private Mover<? super T> mover;
    private SlabBudget budget;
    private boolean valueSlots;

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
      this.capSlabs = Checks.capSlabs(slabs);
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
     * The mover that lets compaction and reclaim move this cache's cached, unused objects into
     * other slots instead of evicting them (see {@link Mover}); default none. With one,
     * {@link SlabCache#compact()} works, and a reclaim that cannot free enough slabs whole
     * compacts for the rest.
     */
    public Builder<T> mover(Mover<? super T> mover) {
      this.mover = Objects.requireNonNull(mover, "mover");
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

    /** A memory cap shared with other caches, held beside this cache's own (see {@link Slabs}). */
    Builder<T> sharedCap(SlabBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Slots hold values of varying length read through the slab's block: no slice per object,
     * and the bytes the values ask for are counted (a {@link PayloadCache}'s size class).
     */
    Builder<T> valueSlots() {
      this.valueSlots = true;
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
