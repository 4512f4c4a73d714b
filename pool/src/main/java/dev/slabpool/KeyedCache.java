package dev.slabpool;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A keyed cache on a slab cache, the dentry-cache analog: there is no LRU list; when memory must
 * be given back, whole slabs go at a time. By default ({@link ReclaimPolicy#HOT}) the entries of
 * those slabs that keep being hit move to other slabs first; the proposal's plain slab order
 * ({@link ReclaimPolicy#SLAB}), exact LRU order and Caffeine's order can be chosen at build time
 * or switched to at run time, for comparison.
 *
 * <pre>{@code
 * KeyedCache<Path, FileMeta> metadata = KeyedCache.<Path, FileMeta>builder("metadata")
 *     .objectsPerSlab(32).objectSize(160).memoryCapSlabs(1024)
 *     .loader(FileMeta::read)
 *     .build();
 * CacheEntry<Path, FileMeta> e = metadata.lookup(path);   // takes a reference
 * try {
 *   use(e.value());
 * } finally {
 *   metadata.release(e);                              // cached again, reclaimable
 * }
 * }</pre>
 *
 * <p>An entry's refcount is 1 for the index's reference plus one per holder. A lookup takes a
 * reference with increment-if-not-zero and then checks that the entry still holds the key it
 * looked up, because freed entries are reused for other keys.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KeyedCache<K, V> implements ManagedCache {
  private static final int SPINS_BEFORE_YIELD = 64;
  private static final Predicate<KeyedEntry<?, ?>> UNLINKED = e -> !e.linked;

  private final String name;
  private final SlabCache<KeyedEntry<K, V>> store;
  final ConcurrentHashMap<K, KeyedEntry<K, V>> index = new ConcurrentHashMap<>();
  private final Function<? super K, ? extends V> loader;
  /** Keys this cache's loader is loading on the calling thread; see {@link #load}. */
  private final ThreadLocal<Set<K>> loading = ThreadLocal.withInitial(HashSet::new);
  private final Object policyLock = new Object();
  /**
   * What the policy in force hears of every link, lookup and unlink: a baseline's order, the
   * hot policy's heat; {@code null} under the slab policy. The store reclaims by the same policy.
   */
  private volatile EntryEvents<K, V> order;
  private final LongAdder hits;
  private final LongAdder misses;
  /** Values linked into the index by a put, a map-view write or a load; moves are not puts. */
  private final LongAdder puts;
  private volatile ConcurrentMap<K, V> mapView;
  private final boolean registered;

  private KeyedCache(Builder<K, V> b) {
    this.name = b.name;
    this.loader = b.loader;
    this.hits = b.recordStats ? new LongAdder() : null;
    this.misses = b.recordStats ? new LongAdder() : null;
    this.puts = b.recordStats ? new LongAdder() : null;
    this.store = b.slabs.reclaimable(this::destruct).build();
    if (b.policy != ReclaimPolicy.SLAB) {
      policy(b.policy);
    }
    this.registered = b.registered;
    if (registered) {
      SlabCacheRegistry.register(this);
    }
  }

  /** Starts building a keyed cache; {@code name} as for {@link SlabCache#builder}. */
  public static <K, V> Builder<K, V> builder(String name) {
    return new Builder<>(SlabCacheRegistry.checkName(name));
  }

  // ---- lookups ---------------------------------------------------------------------------------

  /**
   * Looks a key up and takes a reference on its entry, loading it on a miss when the cache has a
   * loader. The caller must {@link #release} the entry. When lookups of a missing key race, the
   * loader may run more than once; one result is kept.
   *
   * @return the entry, or {@code null} on a miss without loader or when the loader returns null
   * @throws dev.slabpool.SlabCacheFullException at the memory cap when no room could be made for a load
   */
  public CacheEntry<K, V> lookup(K key) {
    Objects.requireNonNull(key, "key");
    for (int spins = 0; ; spins++) {
      KeyedEntry<K, V> e = index.get(key);
      if (e == null) {
        // destroy() clears the index after marking the store: a miss then is no miss.
        checkLive();
        if (misses != null) {
          misses.increment();
        }
        if (loader == null) {
          return null;
        }
        V value = load(key);
        if (value == null) {
          return null;
        }
        e = link(key, value, true);
        if (e != null) {
          return e;
        }
      } else if (store.retain(e)) {
        // The slot may have been freed and reused for another key since index.get: check.
        if (e.linked && key.equals(e.key)) {
          hit(key, e, true);
          return e;
        }
        release(e);
      }
      retryAfter(spins);
    }
  }

  /**
   * Runs the loader, refusing a loader that looks up the key it is loading on the same thread:
   * that would recurse until the stack overflows (ConcurrentHashMap and Caffeine refuse it too).
   */
  private V load(K key) {
    Set<K> mine = loading.get();
    if (!mine.add(key)) {
      throw new IllegalStateException("recursive load of key " + key + " in cache '" + name
          + "': its loader looked the same key up");
    }
    try {
      return loader.apply(key);
    } finally {
      mine.remove(key);
    }
  }

  /**
   * Drops a reference taken by {@link #lookup}. An entry that was replaced or removed meanwhile is
   * freed when its last holder releases it.
   *
   * @throws IllegalStateException if the caller holds no reference on the entry
   * @throws IllegalArgumentException if the entry is not one of this cache's
   */
  public void release(CacheEntry<K, V> entry) {
    if (!(entry instanceof KeyedEntry<K, V> e)) {
      throw new IllegalArgumentException("cache '" + name() + "': " + entry
          + " is not an entry of a keyed cache");
    }
    if (store.release(e) == 1 && !e.linked) {
      // Replaced or removed while held: the last holder frees it (Dekker pair with unlinked()).
      freeUnlinked(e);
    }
  }

  /**
   * Frees an entry that left the index (or never entered it) once nobody holds it. Both sides of
   * the Dekker pair may get here for the same entry, and the one that comes second may come late:
   * the entry may have been freed by the first and handed out again for another key. So the
   * entry is checked once claimed, when it cannot change: only a still unlinked one is freed.
   */
  private void freeUnlinked(KeyedEntry<K, V> e) {
    store.evictIf(e, UNLINKED);
  }

  /**
   * The value of a key without keeping a reference, or {@code null}; never loads. A hit counts
   * as one for the policy and the statistics, as {@link #lookup}'s does; so does a miss.
   */
  public V getIfPresent(K key) {
    return peek(key, Read.COUNTED);
  }

  /** What a read without a reference tells the policy and the statistics. */
  enum Read {
    /** {@link #getIfPresent}: a hit or miss for the statistics, an access for the policy. */
    COUNTED,
    /** The map view's {@code get}: an access, not counted (as Caffeine's is not). */
    ACCESS,
    /** The map view's {@code containsKey}: neither (as Caffeine's is neither). */
    QUIET
  }

  /** The value of a key without keeping a reference, or {@code null}; never loads. */
  V peek(Object key, Read read) {
    Objects.requireNonNull(key, "key");
    for (int spins = 0; ; spins++) {
      KeyedEntry<K, V> e = index.get(key);
      if (e == null) {
        checkLive(); // as in lookup: after destroy() a miss is no miss
        if (read == Read.COUNTED && misses != null) {
          misses.increment();
        }
        return null;
      }
      if (store.retain(e)) {
        try {
          // The slot may have been freed and reused for another key since index.get: check.
          if (e.linked && key.equals(e.key)) {
            if (read != Read.QUIET) {
              hit(e.key, e, read == Read.COUNTED);
            }
            return e.value;
          }
        } finally {
          release(e);
        }
      }
      retryAfter(spins);
    }
  }

  /** A hit on a retained entry of this key: the policy sees the access; counted if asked. */
  private void hit(K key, KeyedEntry<K, V> e, boolean recordStats) {
    if (recordStats && hits != null) {
      hits.increment();
    }
    EntryEvents<K, V> o = order;
    if (o != null) {
      o.accessed(key, e);
    }
  }

  /**
   * Maps a key to a value, replacing and freeing any previous entry.
   *
   * @return the previous value, or {@code null}
   */
  public V put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    KeyedEntry<K, V> fresh = newEntry(key, value);
    Swap<K, V> swap = new Swap<>(store);
    index.compute(key, (k, old) -> swap.replace(old, fresh));
    V previous = finish(key, fresh, swap);
    counted(swap);
    return previous;
  }

  /**
   * Removes a key. An entry still held is freed when its last holder releases it.
   *
   * @return the removed value, or {@code null}
   */
  public V remove(K key) {
    Objects.requireNonNull(key, "key");
    Swap<K, V> swap = new Swap<>(store);
    index.computeIfPresent(key, (k, old) -> swap.replace(old, null));
    return finish(key, null, swap);
  }

  /** Number of keys. */
  public long size() {
    return index.mappingCount();
  }

  /** A {@link ConcurrentMap} view: reads take and drop a reference; writes go to the cache. */
  public ConcurrentMap<K, V> asMap() {
    ConcurrentMap<K, V> view = mapView;
    if (view == null) {
      mapView = view = new MapView<>(this);
    }
    return view;
  }

  /**
   * Hits of {@link #lookup} and {@link #getIfPresent} since the cache was built; -1 unless built
   * with {@code recordStats()}.
   */
  public long hitCount() {
    return hits == null ? -1 : hits.sum();
  }

  /**
   * Misses of {@link #lookup} and {@link #getIfPresent} since the cache was built; -1 unless
   * built with {@code recordStats()}.
   */
  public long missCount() {
    return misses == null ? -1 : misses.sum();
  }

  /**
   * Values stored since the cache was built: by {@link #put}, by the writes of the {@link #asMap()
   * map view} that stored a value, and by the loader on a lookup miss; -1 unless built with
   * {@code recordStats()}. An entry moved by compaction or reclaim is not counted again.
   */
  public long putCount() {
    return puts == null ? -1 : puts.sum();
  }

  private void counted(Swap<K, V> swap) {
    if (puts != null && swap.replaced) {
      puts.increment();
    }
  }

  /**
   * The slab cache holding the entries, for this package's tests and invariant checks only: an
   * entry allocated or freed behind the index would break it, so users never get the store.
   */
  SlabCache<KeyedEntry<K, V>> store() {
    return store;
  }

  // ---- entry life cycle ----------------------------------------------------------------------

  /** The swap done inside a compute on the index, where entries cannot be freed underneath. */
  static final class Swap<K, V> {
    private final SlabCache<KeyedEntry<K, V>> store;
    KeyedEntry<K, V> old;
    V previous;
    boolean replaced;

    Swap(SlabCache<KeyedEntry<K, V>> store) {
      this.store = store;
    }

    KeyedEntry<K, V> replace(KeyedEntry<K, V> current, KeyedEntry<K, V> fresh) {
      // Read under the key's lock: destroy() marks the store before it clears the index, so a
      // swap that sees the cache live precedes that clear, and one that does not changes nothing.
      if (store.isDestroyed()) {
        return current; // not replaced: finish() fails the operation
      }
      if (current != null) {
        old = current;
        previous = current.value; // intact: an entry is only freed after it leaves the index
        current.linked = false; // volatile write before the claim in evict(): pairs with release()
      }
      if (fresh != null) {
        fresh.linked = true; // in the index from now on; set here, where nobody can unlink it yet
      }
      replaced = true;
      return fresh;
    }

    KeyedEntry<K, V> keep(KeyedEntry<K, V> current) {
      if (current != null) {
        previous = current.value;
      }
      return current;
    }
  }

  /** After a swap: frees what was taken out, drops our reference on what was put in. */
  V finish(K key, KeyedEntry<K, V> fresh, Swap<K, V> swap) {
    if (fresh != null) {
      if (swap.replaced) {
        EntryEvents<K, V> o = order;
        if (o != null) {
          o.inserted(key, fresh);
        }
        release(fresh); // 2 -> 1: cached, held by the index alone
      } else {
        discard(fresh);
      }
    }
    if (swap.replaced && swap.old != null) {
      unlinked(key, swap.old);
    }
    if (!swap.replaced) {
      // Refused, or nothing to change (a key missing, maybe cleared by destroy()): such an
      // operation takes effect now, and after destroy() began it fails.
      checkLive();
    }
    return swap.previous;
  }

  /**
   * Allocates an entry for a key, refcount 2 (the index's reference and ours), not yet linked.
   * A lookup holding a stale pointer to the reused slot may take a reference on it meanwhile; it
   * sees {@code linked == false} and lets go, so the entry is only ever returned once linked.
   */
  KeyedEntry<K, V> newEntry(K key, V value) {
    KeyedEntry<K, V> e = store.allocate();
    e.value = value;
    e.key = key; // volatile write: publishes value; linked (volatile) is set when it is indexed
    return e;
  }

  /**
   * Frees an entry that never made it into the index. Not with {@code store.free}: a stale lookup
   * may hold a passing reference on it, so it is released like a removed entry, and whoever
   * drops the last reference frees it.
   */
  void discard(KeyedEntry<K, V> e) {
    release(e);
  }

  /**
   * Links a loaded value unless another thread linked the key first.
   *
   * @return the entry with a reference for the caller, or {@code null} if it lost the race
   */
  private KeyedEntry<K, V> link(K key, V value, boolean keepReference) {
    KeyedEntry<K, V> e = newEntry(key, value);
    // linked is set inside the compute: set after it, a remove() in between would be undone.
    // Nothing is linked once destroy() has begun (see Swap.replace); the caller's retry fails.
    if (index.computeIfAbsent(key, k -> store.isDestroyed() ? null : e.linkIn()) != e) {
      discard(e);
      return null;
    }
    if (puts != null) {
      puts.increment();
    }
    EntryEvents<K, V> o = order;
    if (o != null) {
      o.inserted(key, e);
    }
    if (!keepReference) {
      release(e);
    }
    return e;
  }

  /** Links a value if the key is absent; used by the map view. */
  V putIfAbsent(K key, V value) {
    for (int spins = 0; ; spins++) {
      KeyedEntry<K, V> e = index.get(key);
      if (e != null) {
        V current = read(key, e);
        if (current != null) {
          return current;
        }
      } else if (link(key, value, false) != null) {
        return null;
      }
      retryAfter(spins);
    }
  }

  /**
   * Replaces the value of a present key, if it equals {@code expected} (any value when
   * {@code expected} is null); used by the map view.
   */
  Swap<K, V> replace(K key, V expected, V value) {
    KeyedEntry<K, V> fresh = newEntry(key, value);
    Swap<K, V> swap = new Swap<>(store);
    index.computeIfPresent(key, (k, old) ->
        expected == null || expected.equals(old.value) ? swap.replace(old, fresh) : swap.keep(old));
    finish(key, fresh, swap);
    counted(swap);
    return swap;
  }

  boolean remove(K key, V expected) {
    Swap<K, V> swap = new Swap<>(store);
    index.computeIfPresent(key, (k, old) ->
        expected.equals(old.value) ? swap.replace(old, null) : swap.keep(old));
    finish(key, null, swap);
    return swap.replaced;
  }

  /** Reads an entry's value with a reference held; {@code null} if it is gone or reused. */
  V read(K key, KeyedEntry<K, V> e) {
    if (!store.retain(e)) {
      return null;
    }
    try {
      return e.linked && key.equals(e.key) ? e.value : null;
    } finally {
      release(e);
    }
  }

  /** Called by whoever took {@code e} out of the index: frees it now, or at its last release. */
  private void unlinked(K key, KeyedEntry<K, V> e) {
    EntryEvents<K, V> o = order;
    if (o != null) {
      o.removed(key, e);
    }
    freeUnlinked(e);
  }

  /**
   * The destructor of the store. FREE: the entry is claimed (refcount 0); take it out of the index
   * unless someone already did, then clear it. Never declines.
   */
  private boolean destruct(KeyedEntry<K, V> e, DestructorMode mode) {
    K key = e.key;
    if (mode == DestructorMode.DESTROY) {
      // Left as it is: destroy() clears the index after this walk, and a swap that began before
      // destroy() may still read this entry under its key's lock. Once the index is cleared
      // nothing reaches it; it goes with its slab.
      return true;
    }
    if (key != null) {
      index.remove(key, e);
      EntryEvents<K, V> o = order;
      if (o != null) {
        o.removed(key, e);
      }
    }
    e.clear();
    return true;
  }

  /**
   * Waits a little before a lookup retries: the entry it found is being freed, reused or linked
   * by another thread. A destroyed cache fails instead, since an entry left behind in its index
   * would never change.
   */
  private void retryAfter(int spins) {
    checkLive();
    if (spins < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private void checkLive() {
    if (store.isDestroyed()) {
      throw Checks.destroyed(name);
    }
  }

  // ---- reclaim -----------------------------------------------------------------------------------

  /**
   * Frees up to {@code pages} slabs by the cache's policy. Under the slab policy the allocator
   * chooses (see {@link SlabCache#reclaim}); under LRU or Caffeine order, entries are evicted in
   * that order until enough slabs are empty, which is what those policies must do to give memory
   * back.
   */
  @Override
  public ReclaimResult reclaim(long pages) {
    return store.reclaim(pages);
  }

  /**
   * Compacts the cache: moves unused entries out of the sparsest slabs into the holes of denser
   * ones and gives back the slabs that empty, evicting nothing. An entry in use stays where it
   * is, and so does its slab. A lookup racing a move finds the entry in its old place or its new
   * one, or retries; never another key's value, never a miss for a key that stays cached.
   *
   * @throws IllegalStateException if the cache is destroyed
   */
  @Override
  public CompactionResult compact() {
    return store.compact(this::move, Long.MAX_VALUE);
  }

  /**
   * The keyed cache's {@link Mover}: moves a claimed entry into a fresh one as a put would replace
   * it. The swap in the index is atomic under the key's lock, and the fresh entry is held
   * (refcount 2, as a new entry is) until it is linked, so a stale lookup that takes a passing
   * reference on it cannot free it.
   */
  private Mover.Answer move(KeyedEntry<K, V> from, KeyedEntry<K, V> to) {
    K key = from.key;
    Swap<K, V> swap = new Swap<>(store);
    if (key != null && from.linked) {
      to.value = from.value;
      to.heat = from.heat; // the access state moves with the entry
      to.sweep = from.sweep;
      to.key = key; // volatile write: publishes value, as in newEntry
      index.computeIfPresent(key, (k, cur) -> cur == from ? swap.replace(cur, to)
          : swap.keep(cur));
    }
    if (swap.replaced) {
      // As after a put: the policy hears of both, the index holds the fresh entry alone (our
      // reference on it is dropped); the old one's free fails its claim (the compactor holds it)
      // and is left to the compactor.
      finish(key, to, swap);
      from.clear();
      return Mover.Answer.MOVED;
    }
    to.clear(); // never linked; the compactor gives its slot back
    if (store.isDestroyed() && from.linked) {
      return Mover.Answer.LATER; // destroy() gives it back with its slab
    }
    // Removed or replaced since the claim: its remover could not free it while we held it.
    EntryEvents<K, V> o = order;
    if (o != null && key != null) {
      o.removed(key, from);
    }
    from.clear();
    return Mover.Answer.DONT_NEED;
  }

  // ---- ManagedCache ------------------------------------------------------------------------------

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isKeyed() {
    return true;
  }

  @Override
  public boolean isReclaimable() {
    return true;
  }

  /** Always: a keyed cache moves its entries itself. */
  @Override
  public boolean isMovable() {
    return true;
  }

  @Override
  public boolean isDestroyed() {
    return store.isDestroyed();
  }

  @Override
  public SlabCacheStats stats() {
    return store.stats();
  }

  @Override
  public SlabMap slabMap() {
    return store.slabMap(e -> ((KeyedEntry<?, ?>) e).heat > 0);
  }

  @Override
  public long shrink() {
    return store.shrink();
  }

  @Override
  public ReclaimPolicy policy() {
    return store.policy();
  }

  @Override
  public Set<ReclaimPolicy> policies() {
    return EnumSet.allOf(ReclaimPolicy.class);
  }

  /**
   * Switches the reclaim policy. A baseline order starts from the entries present, in no
   * particular recency, and learns from the accesses that follow.
   */
  @Override
  public void policy(ReclaimPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    synchronized (policyLock) {
      if (policy == policy()) {
        return;
      }
      switch (policy) {
        case SLAB -> {
          order = null;
          store.reclaimWith(null);
        }
        case LRU -> install(new LruOrder<>(store));
        case CAFFEINE -> install(caffeineOrder());
        case HOT -> install(new HotSlabOrder<>(store, this::move, index::get, capacityObjects()));
      }
    }
  }

  /**
   * Puts a policy that keeps state of its own in force. Published first, then told what is
   * there: an entry linked meanwhile is told to it by its linker, and one unlinked meanwhile is
   * skipped by its reclaim (it checks each entry once claimed).
   */
  private <P extends Reclaimer & EntryEvents<K, V>> void install(P fresh) {
    order = fresh;
    store.reclaimWith(fresh);
    index.forEach(fresh::inserted);
  }

  /** Caffeine is an optional dependency: only this policy needs it. */
  private CaffeineOrder<K, V> caffeineOrder() {
    try {
      return new CaffeineOrder<>(store, capacityObjects());
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException("cache '" + name + "': the caffeine policy needs Caffeine"
          + " (com.github.ben-manes.caffeine:caffeine) on the class path; it is an optional"
          + " dependency of slabpool-pool", e);
    }
  }

  private long capacityObjects() {
    long cap = store.memoryCap();
    return cap == Long.MAX_VALUE ? Integer.MAX_VALUE
        : Math.min(Integer.MAX_VALUE, cap * store.objectsPerSlab());
  }

  @Override
  public int circulation() {
    return store.circulation();
  }

  @Override
  public void circulation(int objectsPerFullSlab) {
    store.circulation(objectsPerFullSlab);
  }

  @Override
  public long memoryCap() {
    return store.memoryCap();
  }

  @Override
  public ReclaimResult memoryCap(long slabs) {
    Checks.capSlabs(slabs);
    long excess = store.slabCount() - slabs;
    ReclaimResult r = excess > 0 ? reclaim(excess) : null;
    ReclaimResult capped = store.memoryCap(slabs);
    EntryEvents<K, V> o = order;
    if (o != null) {
      o.capacity(capacityObjects());
    }
    return r != null ? r : capped;
  }

  @Override
  public void resetStatistics() {
    store.resetStatistics();
    if (hits != null) {
      hits.reset();
      misses.reset();
      puts.reset();
    }
  }

  /** Destroys the cache: every entry is dropped and all slab memory released. */
  public void destroy() {
    if (store.isDestroyed()) {
      return;
    }
    store.destroy(); // first: from now on no entry can be allocated, so none is indexed after
    index.clear();
    if (registered) {
      SlabCacheRegistry.deregister(this);
    }
  }

  @Override
  public String toString() {
    return "KeyedCache[" + name + ", " + policy().id() + "]";
  }

  // ---- builder -------------------------------------------------------------------------------

  /**
   * Builds a {@link KeyedCache}.
   *
   * @param <K> key type
   * @param <V> value type
   */
  public static final class Builder<K, V> {
    private final String name;
    // Slab settings are checked and held by the store's own builder.
    private final SlabCache.Builder<KeyedEntry<K, V>> slabs;
    private Function<? super K, ? extends V> loader;
    private ReclaimPolicy policy = ReclaimPolicy.HOT;
    private boolean recordStats;
    private boolean registered = true;

    private Builder(String name) {
      this.name = name;
      this.slabs = SlabCache.<KeyedEntry<K, V>>builder(name, KeyedEntry::new)
          .objectSize(64)
          .freeListSize(0)
          .registered(false);
    }

    /** Entries per slab, 1 to 65536; default 32. */
    public Builder<K, V> objectsPerSlab(int n) {
      slabs.objectsPerSlab(n);
      return this;
    }

    /** Estimated bytes per entry with its key and value, for statistics and byte caps; default 64. */
    public Builder<K, V> objectSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("objectSize must be at least 1: " + bytes);
      }
      slabs.objectSize(bytes);
      return this;
    }

    /** Number of arenas; default the number of processors (at most 64). */
    public Builder<K, V> arenas(int arenas) {
      slabs.arenas(arenas);
      return this;
    }

    /**
     * Unused entries freed from each full slab a slab reclaim cannot free; default 2 (1 for
     * slabs of one entry).
     */
    public Builder<K, V> circulation(int objectsPerFullSlab) {
      slabs.circulation(objectsPerFullSlab);
      return this;
    }

    /** The memory cap in slabs; default none. */
    public Builder<K, V> memoryCapSlabs(long slabCount) {
      slabs.memoryCapSlabs(slabCount);
      return this;
    }

    /** The memory cap in bytes, at {@code objectSize} bytes per entry. */
    public Builder<K, V> memoryCapBytes(long bytes) {
      slabs.memoryCapBytes(bytes);
      return this;
    }

    /** Loads missing keys on {@link KeyedCache#lookup}; may return null for "no such key". */
    public Builder<K, V> loader(Function<? super K, ? extends V> loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * The initial reclaim policy; default {@link ReclaimPolicy#HOT}, which on every trace the
     * replay measures (BENCHMARKS.md) hits more often than the proposal's {@link
     * ReclaimPolicy#SLAB} order while still freeing whole slabs.
     */
    public Builder<K, V> policy(ReclaimPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Whether the cache is listed in the {@link SlabCacheRegistry} (and so seen by the MBeans and
     * the agent); default {@code true}. Names must be unique only among listed caches.
     */
    Builder<K, V> registered(boolean registered) {
      this.registered = registered;
      return this;
    }

    /** Counts hits and misses (a little cost on every lookup). */
    public Builder<K, V> recordStats() {
      this.recordStats = true;
      return this;
    }

    /**
     * Builds the cache and lists it in the registry, unless told otherwise.
     *
     * @throws IllegalArgumentException if a live listed cache has the same name
     * @throws IllegalStateException if the settings contradict each other
     */
    public KeyedCache<K, V> build() {
      return new KeyedCache<>(this);
    }
  }
}
