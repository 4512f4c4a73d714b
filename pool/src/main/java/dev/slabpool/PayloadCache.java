package dev.slabpool;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * A keyed cache whose values live as bytes in slab payload, heap or direct, as memcached, OHC and
 * Ehcache's off-heap store keep theirs: no heap object per value, and when reclaim gives a slab
 * back, its memory really comes back. Values go into size classes, each a slab cache whose slots
 * are one size, the sizes growing by a factor (memcached's {@code -f}); all classes draw their
 * slabs from one memory cap in bytes. A class that needs a slab at the cap takes it from the
 * class whose slabs are worth least, possibly itself (see {@link #makeRoom}); each class reclaims
 * by the hot-aware policy ({@link ReclaimPolicy#HOT}), and compaction moves bytes between slots.
 *
 * <pre>{@code
 * PayloadCache<String, byte[]> pages = PayloadCache.builder("pages", ValueCodec.bytes())
 *     .payload(Payload.DIRECT).memoryCapBytes(256 << 20)
 *     .build();
 * pages.put("/index.html", html);
 * int n = pages.get("/index.html", buffer);          // copies the bytes out, takes no reference
 * byte[] copy = pages.get("/index.html");             // decoded by the codec
 * CacheEntry<String, ByteBuffer> e = pages.lookup("/index.html");   // a zero-copy view
 * try {
 *   channel.write(e.value());
 * } finally {
 *   pages.release(e);
 * }
 * }</pre>
 *
 * <p>Reads: {@link #get(Object, ByteBuffer)} takes no reference. It reads the slot's version
 * before and after copying and retries when it changed, so a hit writes no shared memory (other
 * than the heat of an entry not yet at its highest). {@link #lookup} takes a reference, and the
 * view it gives stays valid until {@link #release}; {@link #get(Object)} decodes under one.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PayloadCache<K, V> {
  private static final int SPINS_BEFORE_YIELD = 64;
  /** {@link #copy} results that are not a length. */
  private static final int TOO_SMALL = -1;
  private static final int RELEASED = -2;

  private final String name;
  private final ValueCodec<V> codec;
  final ConcurrentHashMap<K, PayloadEntry<K>> index = new ConcurrentHashMap<>();
  /** Ascending slot sizes; {@code classes[i].slotSize == slotSizes[i]}. */
  private final int[] slotSizes;
  private final List<SizeClass<K>> classes;
  private final SlabBudget budget;
  private final int slabSize;
  private final LongAdder hits;
  private final LongAdder misses;
  private final LongAdder rebalanced = new LongAdder();
  private final Object rebalanceLock = new Object();
  private final boolean registered;
  private volatile boolean destroyed;
  private volatile ConcurrentMap<K, V> mapView;

  private PayloadCache(Builder<K, V> b, int[] slotSizes) {
    this.name = b.name;
    this.codec = b.codec;
    this.slotSizes = slotSizes;
    this.slabSize = b.slabSize;
    this.budget = new SlabBudget(b.capSlabs());
    this.hits = b.recordStats ? new LongAdder() : null;
    this.misses = b.recordStats ? new LongAdder() : null;
    List<SizeClass<K>> built = new ArrayList<>(slotSizes.length);
    for (int size : slotSizes) {
      built.add(new SizeClass<>(this, className(b.name, size), size, b.slabSize / size,
          b.payload, b.arenas, budget));
    }
    this.classes = List.copyOf(built);
    this.registered = b.registered;
    if (registered) {
      List<SizeClass<K>> listed = new ArrayList<>();
      try {
        for (SizeClass<K> c : classes) {
          SlabCacheRegistry.register(c);
          listed.add(c);
        }
      } catch (RuntimeException e) {
        listed.forEach(SlabCacheRegistry::deregister);
        throw e;
      }
    }
  }

  private static String className(String cache, int slotSize) {
    return cache + "." + slotSize;
  }

  /**
   * Starts building a payload cache.
   *
   * @param name as for {@link SlabCache#builder}; each size class is listed as
   *     {@code name.slotSize}, so the name must leave room for that within 64 characters
   * @param codec turns values into bytes and back
   */
  public static <K, V> Builder<K, V> builder(String name, ValueCodec<V> codec) {
    return new Builder<>(SlabCacheRegistry.checkName(name), Objects.requireNonNull(codec, "codec"));
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Copies the value of a key into {@code dst} at its position, which advances by the length,
   * without taking a reference: an optimistic read that retries when the slot changed under it.
   * A failed attempt may have written into {@code dst} beyond its position.
   *
   * @return the value's length, or -1 on a miss
   * @throws IllegalArgumentException if {@code dst} has fewer bytes remaining than the value
   * @throws IllegalStateException if the cache is destroyed
   */
  public int get(K key, ByteBuffer dst) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dst, "dst");
    for (int spins = 0; ; spins++) {
      PayloadEntry<K> e = index.get(key);
      if (e == null) {
        checkLive();
        missed();
        return -1;
      }
      int version = e.version();
      if ((version & 1) == 0 && e.linked && key.equals(e.key)) {
        int length = e.length;
        int copied = copy(e, dst, length);
        if (unchanged(e, version)) {
          if (copied == TOO_SMALL) {
            throw new IllegalArgumentException("cache '" + name + "': the value of key " + key
                + " is " + length + " bytes, dst has " + dst.remaining() + " remaining");
          }
          if (copied >= 0) {
            dst.position(dst.position() + length);
            hit(e);
            return length;
          }
        }
      }
      retryAfter(spins);
    }
  }

  /**
   * The seqlock's second read: whether the slot's version is still the {@code version} read
   * before the copy, so that the bytes and the length copied all belong to one value.
   */
  private static boolean unchanged(PayloadEntry<?> e, int version) {
    // The bytes and the length were read with plain reads: none may move after this
    // re-read of the version, which tells whether they all belong to one value.
    VarHandle.acquireFence();
    return e.version() == version;
  }

  /**
   * Copies a slot's first {@code length} bytes into {@code dst} at its position; the slot may
   * change meanwhile, which the caller's version check finds.
   *
   * @return {@code length}, {@link #TOO_SMALL}, or {@link #RELEASED} when the slab's direct block
   *     was released meanwhile (its memory arena closed)
   */
  private static int copy(PayloadEntry<?> e, ByteBuffer dst, int length) {
    if (length > dst.remaining()) {
      return TOO_SMALL;
    }
    try {
      dst.put(dst.position(), e.block(), e.offset(), length);
      return length;
    } catch (IllegalStateException released) {
      return RELEASED;
    }
  }

  /**
   * The value of a key, decoded by the codec with a reference held; {@code null} on a miss.
   *
   * @throws IllegalStateException if the cache is destroyed
   */
  public V get(K key) {
    return peek(key, KeyedCache.Read.COUNTED);
  }

  /** The value of a key decoded under a reference, or {@code null}; the map view's read. */
  V peek(Object key, KeyedCache.Read read) {
    PayloadEntry<K> e = retained(key, read);
    if (e == null) {
      return null;
    }
    try {
      return codec.decode(e.value());
    } finally {
      drop(e);
    }
  }

  /** Whether a key is present, neither a hit nor an access: the map view's. */
  boolean containsKey(Object key) {
    boolean present = index.containsKey(key);
    if (!present) {
      checkLive(); // destroy() clears the index after marking the cache: a miss then is no miss
    }
    return present;
  }

  /**
   * Looks a key up and takes a reference on its entry, whose {@link CacheEntry#value()} is a
   * read-only view of the bytes in the slot; the caller must {@link #release} it and must not use
   * the view after that.
   *
   * @return the entry, or {@code null} on a miss
   * @throws IllegalStateException if the cache is destroyed
   */
  public CacheEntry<K, ByteBuffer> lookup(K key) {
    return retained(key, KeyedCache.Read.COUNTED);
  }

  /** The entry of a key with a reference taken, or {@code null}; {@code read} says what counts. */
  private PayloadEntry<K> retained(Object key, KeyedCache.Read read) {
    Objects.requireNonNull(key, "key");
    for (int spins = 0; ; spins++) {
      PayloadEntry<K> e = index.get(key);
      if (e == null) {
        checkLive();
        if (read == KeyedCache.Read.COUNTED) {
          missed();
        }
        return null;
      }
      if (e.owner.store.retain(e)) {
        // The slot may have been freed and reused for another key since index.get: check.
        if (e.linked && key.equals(e.key)) {
          if (read == KeyedCache.Read.COUNTED) {
            hit(e);
          } else if (read == KeyedCache.Read.ACCESS) {
            touched(e);
          }
          return e;
        }
        drop(e);
      }
      retryAfter(spins);
    }
  }

  /**
   * Drops a reference taken by {@link #lookup}.
   *
   * @throws IllegalArgumentException if the entry is not one of this cache's
   * @throws IllegalStateException if the caller holds no reference on it
   */
  public void release(CacheEntry<K, ByteBuffer> entry) {
    if (!(entry instanceof PayloadEntry<K> e) || e.owner.cache != this) {
      throw new IllegalArgumentException("cache '" + name + "': " + entry
          + " is not an entry of this payload cache");
    }
    drop(e);
  }

  private void drop(PayloadEntry<K> e) {
    if (e.owner.store.release(e) == 1 && !e.linked) {
      // Replaced or removed while held: the last holder frees it (as in KeyedCache).
      freeUnlinked(e);
    }
  }

  private void hit(PayloadEntry<K> e) {
    if (hits != null) {
      hits.increment();
    }
    touched(e);
  }

  /** An access for the policy: the entry's heat, and its class's warmth if the heat rose. */
  private static void touched(PayloadEntry<?> e) {
    if (e.touch()) {
      e.owner.warmed();
    }
  }

  private void missed() {
    if (misses != null) {
      misses.increment();
    }
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Maps a key to the bytes {@code value} has remaining (its position is left as it was),
   * replacing any previous value.
   *
   * @throws IllegalArgumentException if the value is larger than the largest size class
   * @throws SlabCacheFullException at the memory cap when no room could be made
   * @throws IllegalStateException if the cache is destroyed
   */
  public void put(K key, ByteBuffer value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    int length = value.remaining();
    PayloadEntry<K> e = allocate(key, length);
    e.beginWrite();
    e.block().put(e.offset(), value, value.position(), length);
    e.written(length);
    linkReusing(key, e, Only.ANY);
  }

  /**
   * Maps a key to a value, encoded by the codec, replacing any previous value.
   *
   * @throws IllegalArgumentException if the encoded value is larger than the largest size class,
   *     or the codec fails or writes other than the size it gave (nothing is cached then)
   * @throws SlabCacheFullException at the memory cap when no room could be made
   * @throws IllegalStateException if the cache is destroyed
   */
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    linkReusing(key, encoded(key, value), Only.ANY);
  }

  /**
   * The map view's writes: maps a key to {@code value} (or removes it, when {@code value} is
   * null) if its current entry is as {@code only} says, decoding the current value under the
   * key's lock.
   */
  Swap<K, V> swap(K key, V value, Only only, Object expected) {
    Swap<K, V> swap = new Swap<>();
    swap.begin(this, only, expected, true);
    link(key, value == null ? null : encoded(key, value), swap);
    return swap;
  }

  /**
   * {@link #link} with this thread's reusable swap, which a put or a remove leaves empty, so
   * that they allocate nothing; a fresh one when a link on this thread is already under way.
   */
  private boolean linkReusing(K key, PayloadEntry<K> fresh, Only only) {
    @SuppressWarnings("unchecked")
    Swap<K, V> swap = (Swap<K, V>) Swap.REUSABLE.get();
    if (swap.cache != null) {
      swap = new Swap<>();
    }
    swap.begin(this, only, null, false);
    try {
      return link(key, fresh, swap);
    } finally {
      swap.end();
    }
  }

  /** A fresh entry holding the encoding of {@code value}, its write still open. */
  private PayloadEntry<K> encoded(K key, V value) {
    int size;
    try {
      size = codec.size(value);
    } catch (RuntimeException failed) {
      throw codecFailed("size", key, failed);
    }
    if (size < 0) {
      throw new IllegalArgumentException("cache '" + name + "': the codec gave a negative size ("
          + size + ") for the value of key " + key);
    }
    PayloadEntry<K> e = allocate(key, size);
    e.beginWrite();
    ByteBuffer dst = e.block().slice(e.offset(), size);
    try {
      codec.encode(value, dst);
    } catch (RuntimeException failed) {
      abandon(e);
      throw codecFailed("encode", key, failed);
    }
    if (dst.position() != size) {
      abandon(e);
      throw new IllegalArgumentException("cache '" + name + "': the codec encoded " + dst.position()
          + " bytes for the value of key " + key + ", not the " + size + " its size gave");
    }
    e.written(size);
    return e;
  }

  private IllegalArgumentException codecFailed(String step, K key, RuntimeException e) {
    return new IllegalArgumentException("cache '" + name + "': the codec's " + step
        + " failed for the value of key " + key + ": " + e, e);
  }

  /** A fresh entry (refcount 2, not linked) in the class that fits {@code length} bytes. */
  private PayloadEntry<K> allocate(K key, int length) {
    int i = classIndex(length);
    if (i < 0) {
      throw new IllegalArgumentException("cache '" + name + "': the value of key " + key + " is "
          + length + " bytes, larger than the largest size class (" + largestValue() + " bytes)");
    }
    checkLive();
    return classes.get(i).allocate();
  }

  /** The smallest class whose slots hold {@code length} bytes, or -1. */
  private int classIndex(int length) {
    int lo = 0;
    int hi = slotSizes.length - 1;
    if (length > slotSizes[hi]) {
      return -1;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (slotSizes[mid] >= length) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Frees an entry whose write failed: it never entered the index. */
  private void abandon(PayloadEntry<K> e) {
    e.clear();
    drop(e);
  }

  /**
   * Swaps {@code fresh} (write open, bytes and length in; or {@code null} to remove) in for the
   * key's entry if that is as {@code swap} says, frees the entry taken out, and lets go of
   * {@code fresh}, which is freed if it was not linked.
   *
   * @return whether the swap was made
   */
  private boolean link(K key, PayloadEntry<K> fresh, Swap<K, V> swap) {
    if (fresh != null) {
      fresh.key = key;
      fresh.endWrite();
    }
    swap.fresh = fresh;
    try {
      index.compute(key, swap);
    } catch (IllegalStateException closed) {
      checkLive(); // a decode that read a block destroy() released: the cache is destroyed
      throw closed;
    } finally {
      if (fresh != null && !swap.replaced) {
        drop(fresh); // refused, destroyed meanwhile, or the decode failed: never linked
      }
    }
    if (!swap.replaced) {
      checkLive(); // refused, or destroyed meanwhile: then the operation fails
      return false;
    }
    if (fresh != null) {
      fresh.owner.order.inserted(key, fresh);
      drop(fresh); // 2 -> 1: cached, held by the index alone
    }
    if (swap.old != null) {
      freeUnlinked(swap.old);
    }
    return true;
  }

  /** Which entry of the key a swap replaces. */
  enum Only {
    /** Whatever there is, or none. */
    ANY,
    /** None. */
    ABSENT,
    /** Any present entry. */
    PRESENT,
    /** A present entry whose decoded value equals the expected one. */
    EQUAL
  }

  /**
   * The swap done inside a compute on the index, where entries cannot be freed underneath. One
   * per thread is reused by puts and removes ({@link #linkReusing}); {@link #end} empties it, so
   * that it keeps no cache, entry or value reachable from the thread.
   */
  static final class Swap<K, V> implements BiFunction<K, PayloadEntry<K>, PayloadEntry<K>> {
    static final ThreadLocal<Swap<?, ?>> REUSABLE = ThreadLocal.withInitial(Swap::new);

    /** The cache linking, or {@code null} while the swap is not in use. */
    PayloadCache<K, V> cache;
    PayloadEntry<K> fresh;
    private Only only;
    private Object expected;
    private boolean decode;
    PayloadEntry<K> old;
    /** The value found, replaced or kept, when the swap decodes; else {@code null}. */
    V previous;
    boolean replaced;

    void begin(PayloadCache<K, V> cache, Only only, Object expected, boolean decode) {
      this.cache = cache;
      this.only = only;
      this.expected = expected;
      this.decode = decode;
    }

    void end() {
      cache = null;
      fresh = null;
      only = null;
      expected = null;
      old = null;
      previous = null;
      replaced = false;
    }

    @Override
    public PayloadEntry<K> apply(K key, PayloadEntry<K> current) {
      // Read under the key's lock: destroy() marks the cache before it clears the index.
      if (cache.destroyed) {
        return current;
      }
      if (decode && current != null) {
        // Under the key's lock the entry stays in the index: neither a remover, nor reclaim
        // (whose destructor unlinks it under this lock), nor a move can free its slot meanwhile.
        previous = cache.codec.decode(current.value());
      }
      boolean swaps = switch (only) {
        case ANY -> true;
        case ABSENT -> current == null;
        case PRESENT -> current != null;
        case EQUAL -> current != null && expected.equals(previous);
      };
      if (!swaps) {
        return current;
      }
      if (current != null) {
        old = current;
        current.linked = false; // volatile write before the claim in evict: pairs with drop()
      }
      if (fresh != null) {
        fresh.linked = true;
      }
      replaced = true;
      return fresh;
    }
  }

  /**
   * Removes a key. An entry still held is freed when its last holder releases it.
   *
   * @return whether the key was present
   * @throws IllegalStateException if the cache is destroyed
   */
  public boolean remove(K key) {
    Objects.requireNonNull(key, "key");
    return linkReusing(key, null, Only.PRESENT);
  }

  /** The {@link ConcurrentMap} view: values through the codec; reads take and drop a reference. */
  public ConcurrentMap<K, V> asMap() {
    ConcurrentMap<K, V> view = mapView;
    if (view == null) {
      mapView = view = new PayloadMapView<>(this);
    }
    return view;
  }

  /** Frees an unlinked entry once nobody holds it (either side of the Dekker pair may). */
  private void freeUnlinked(PayloadEntry<K> e) {
    e.owner.store.evictIf(e, x -> !x.linked);
  }

  /** Number of keys. */
  public long size() {
    return index.mappingCount();
  }

  // ---- the size classes' callbacks --------------------------------------------------------------

  /** The entry of {@code key} if it lives in class {@code c}: the hot policy's probation asks. */
  KeyedEntry<K, ByteBuffer> entryIn(K key, SizeClass<K> c) {
    PayloadEntry<K> e = index.get(key);
    return e != null && e.owner == c ? e : null;
  }

  /** The destructor of every class: FREE takes a claimed entry out of the index and clears it. */
  boolean destruct(KeyedEntry<K, ByteBuffer> entry, DestructorMode mode) {
    if (mode == DestructorMode.DESTROY) {
      return true; // as in KeyedCache: left for destroy() to clear the index, gone with its slab
    }
    K key = entry.key;
    if (key != null) {
      index.remove(key, entry);
    }
    entry.clear();
    return true;
  }

  /**
   * The mover of every class: the bytes are already in {@code to}'s slot (the compactor copied
   * them); the length, the heat and the key follow in one write of {@code to}'s seqlock, and the
   * index swaps to it under the key's lock.
   */
  Mover.Answer move(KeyedEntry<K, ByteBuffer> source, KeyedEntry<K, ByteBuffer> target) {
    PayloadEntry<K> from = (PayloadEntry<K>) source;
    PayloadEntry<K> to = (PayloadEntry<K>) target;
    K key = from.key;
    boolean moved = false;
    if (key != null && from.linked) {
      to.beginWrite();
      to.written(from.length);
      to.heat = from.heat;
      to.sweep = from.sweep;
      to.key = key;
      to.endWrite();
      Swap<K, V> swap = new Swap<>();
      swap.begin(this, Only.ANY, null, false);
      swap.fresh = to;
      index.computeIfPresent(key, (k, cur) -> cur == from ? swap.apply(k, cur) : cur);
      moved = swap.replaced;
    }
    if (moved) {
      drop(to); // 2 -> 1: held by the index alone
      from.clear();
      return Mover.Answer.MOVED;
    }
    to.clear(); // never linked; the compactor gives its slot back
    if (destroyed && from.linked) {
      return Mover.Answer.LATER;
    }
    from.clear(); // removed or replaced since the claim: its remover left it to the compactor
    return Mover.Answer.DONT_NEED;
  }

  /**
   * At the shared cap, class {@code needy} needs a slab: the class whose slabs are worth least
   * gives one up (rebalancing); when it frees none (all its slabs held), the next least worth
   * is asked, and so on up to {@code needy}, which then reclaims from its own slabs. Worth is a
   * class's {@link SizeClass#warmth} per slab held: hits on entries that had cooled, decayed by
   * an eighth (at least one) at every rebalance, so a class that stops being hit loses its
   * memory (no calcification) and a class whose entries are hit more per slab keeps it.
   *
   * @return whether room was made
   */
  boolean makeRoom(SizeClass<K> needy) {
    if (needy.store.slabs.atSharedCap()) {
      for (SizeClass<K> c : classes) {
        if (c != needy && c.store.shrink(1) > 0) {
          return true; // a free slab held by another class: no entry need go
        }
      }
      decayWarmth();
      Freed others = reclaimByWorth(needy, ReclaimResult.Cause.MEMORY_CAP);
      if (others == Freed.SLAB) {
        rebalanced.increment();
        return true;
      }
      if (others == Freed.OBJECTS) {
        // Another class's reclaim freed entries but no whole slab yet: room is coming, and the
        // allocator's next attempt asks again (it bounds its attempts).
        return true;
      }
    }
    ReclaimResult r = needy.order.reclaim(1, ReclaimResult.Cause.MEMORY_CAP);
    return r.slabsFreed() > 0 || r.objectsFreed() > 0;
  }

  /** What a walk of {@link #reclaimByWorth} freed. */
  private enum Freed {
    /** A slab. */
    SLAB,
    /** Entries, but no whole slab. */
    OBJECTS,
    /** Nothing: every class asked has its slabs' entries in use. */
    NOTHING
  }

  /**
   * Frees one slab from the class worth least that frees one, walking up in worth and stopping
   * before {@code stop} (none: every class may be asked).
   */
  private Freed reclaimByWorth(SizeClass<K> stop, ReclaimResult.Cause cause) {
    Freed freed = Freed.NOTHING;
    SizeClass<K> victim = null;
    for (int asked = 0; asked < classes.size(); asked++) {
      victim = nextWorth(victim);
      if (victim == null || victim == stop) {
        break;
      }
      ReclaimResult r = victim.order.reclaim(1, cause);
      if (r.slabsFreed() > 0) {
        return Freed.SLAB;
      }
      if (r.objectsFreed() > 0) {
        freed = Freed.OBJECTS;
      }
    }
    return freed;
  }

  /** Every class's warmth loses an eighth, rounded up so that a little warmth reaches zero. */
  private void decayWarmth() {
    synchronized (rebalanceLock) {
      for (SizeClass<K> c : classes) {
        c.warmth -= (c.warmth + 7) >> 3;
      }
    }
  }

  /**
   * The class holding slabs that comes next after {@code after} in ascending worth per slab
   * (ties: more slabs first, then smaller slots), the least worth for {@code null}; {@code null}
   * past the last. Worth is read racily, so a walk may see a class twice or miss one: its
   * callers bound it by the number of classes.
   */
  private SizeClass<K> nextWorth(SizeClass<K> after) {
    double afterWorth = after == null ? Double.NEGATIVE_INFINITY : worth(after);
    long afterSlabs = after == null ? Long.MAX_VALUE : after.slabCount();
    int afterIndex = after == null ? -1 : classes.indexOf(after);
    SizeClass<K> next = null;
    double nextWorth = Double.POSITIVE_INFINITY;
    long nextSlabs = 0;
    for (int i = 0; i < classes.size(); i++) {
      SizeClass<K> c = classes.get(i);
      long slabs = c.slabCount();
      if (slabs == 0) {
        continue;
      }
      double worth = (double) c.warmth / slabs;
      boolean isAfter = worth > afterWorth
          || worth == afterWorth && (slabs < afterSlabs || slabs == afterSlabs && i > afterIndex);
      boolean isBefore = worth < nextWorth || worth == nextWorth && slabs > nextSlabs;
      if (isAfter && isBefore) {
        next = c;
        nextWorth = worth;
        nextSlabs = slabs;
      }
    }
    return next;
  }

  private static double worth(SizeClass<?> c) {
    long slabs = c.slabCount();
    return slabs == 0 ? 0 : (double) c.warmth / slabs;
  }

  // ---- reclaim and statistics ------------------------------------------------------------------

  /**
   * Frees up to {@code pages} slabs, each from the class whose slabs are worth least at the time.
   *
   * @return slabs freed
   * @throws IllegalArgumentException if {@code pages} is negative
   * @throws IllegalStateException if the cache is destroyed
   */
  public long reclaim(long pages) {
    Checks.pages(pages);
    long freed = 0;
    for (long i = 0; i < pages; i++) {
      checkLive();
      if (reclaimByWorth(null, ReclaimResult.Cause.REQUEST) != Freed.SLAB) {
        break;
      }
      freed++;
    }
    return freed;
  }

  /**
   * Compacts every class (see {@link KeyedCache#compact}): evicts nothing.
   *
   * @return the classes' results summed, under this cache's name
   * @throws IllegalStateException if the cache is destroyed
   */
  public CompactionResult compact() {
    checkLive();
    long moved = 0;
    long freed = 0;
    long nanos = 0;
    for (SizeClass<K> c : classes) {
      CompactionResult r = c.compact();
      moved += r.objectsMoved();
      freed += r.slabsFreed();
      nanos += r.nanos();
    }
    return new CompactionResult(name, moved, freed, nanos);
  }

  /** Each size class's statistics, smallest slots first (requested vs held bytes among them). */
  public List<SlabCacheStats> classStats() {
    List<SlabCacheStats> all = new ArrayList<>(classes.size());
    for (SizeClass<K> c : classes) {
      all.add(c.stats());
    }
    return all;
  }

  /** The size classes as the registry lists them, smallest slots first. */
  public List<ManagedCache> sizeClasses() {
    return List.copyOf(classes);
  }

  /** Payload memory allocated now, in bytes: slabs held times their payload block's size. */
  public long bytesHeld() {
    long bytes = 0;
    for (SizeClass<K> c : classes) {
      bytes += c.slabCount() * c.store.objectsPerSlab() * (long) c.slotSize;
    }
    return bytes;
  }

  /** The memory cap in bytes: the cap in slabs times the slab size; -1 without cap. */
  public long memoryCapBytes() {
    long cap = budget.cap();
    return cap == Long.MAX_VALUE ? -1 : cap * slabSize;
  }

  /** The largest value a put accepts, in bytes: the largest class's slot size. */
  public int largestValue() {
    return slotSizes[slotSizes.length - 1];
  }

  /** Slabs handed from one class to another at the cap since the cache was built. */
  public long rebalances() {
    return rebalanced.sum();
  }

  /** Hits of the reads since the cache was built; -1 unless built with {@code recordStats()}. */
  public long hitCount() {
    return hits == null ? -1 : hits.sum();
  }

  /** Misses of the reads since the cache was built; -1 unless built with {@code recordStats()}. */
  public long missCount() {
    return misses == null ? -1 : misses.sum();
  }

  /** The cache's name; its classes are listed as {@code name.slotSize}. */
  public String name() {
    return name;
  }

  /** Whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Destroys the cache: every entry is dropped and all payload memory released (direct blocks
   * at once on JDK 22 and later, at the next GC before). Idempotent.
   */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true; // first: from now on no swap links an entry (see Swap)
    for (SizeClass<K> c : classes) {
      c.store.destroy();
    }
    index.clear();
    if (registered) {
      classes.forEach(SlabCacheRegistry::deregister);
    }
  }

  private void retryAfter(int spins) {
    checkLive();
    if (spins < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private void checkLive() {
    if (destroyed) {
      throw Checks.destroyed(name);
    }
  }

  @Override
  public String toString() {
    return "PayloadCache[" + name + ", " + slotSizes.length + " size classes]";
  }

  // ---- builder -------------------------------------------------------------------------------

  /**
   * Builds a {@link PayloadCache}. Every setter checks its argument at once and names the bad
   * value.
   *
   * @param <K> key type
   * @param <V> value type
   */
  public static final class Builder<K, V> {
    private final String name;
    private final ValueCodec<V> codec;
    private Payload payload = Payload.HEAP;
    private int slabSize = 1 << 20;
    private int smallestSlot = 64;
    private double growthFactor = 1.25;
    private long capBytes = -1;
    private int arenas = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 64));
    private boolean recordStats;
    private boolean registered = true;

    private Builder(String name, ValueCodec<V> codec) {
      this.name = name;
      this.codec = codec;
    }

    /**
     * Where the slabs' payload lives: {@link Payload#HEAP} (default) or {@link Payload#DIRECT}.
     * {@link Payload#DIRECT_PROMPT} is refused: a read without reference may touch a block just
     * released, which must fail safely, not read freed memory.
     */
    public Builder<K, V> payload(Payload kind) {
      Objects.requireNonNull(kind, "payload");
      if (kind != Payload.HEAP && kind != Payload.DIRECT) {
        throw new IllegalArgumentException("payload must be HEAP or DIRECT for a payload cache: "
            + kind);
      }
      this.payload = kind;
      return this;
    }

    /** Bytes of one slab's payload block, and the largest value; 1 KiB to 1 GiB, default 1 MiB. */
    public Builder<K, V> slabSize(int bytes) {
      if (bytes < 1024 || bytes > 1 << 30) {
        throw new IllegalArgumentException("slabSize must be between 1024 and 2^30 bytes: "
            + bytes);
      }
      this.slabSize = bytes;
      return this;
    }

    /** The smallest slot, 8 to 65536 bytes, rounded up to a multiple of 8; default 64. */
    public Builder<K, V> smallestSlot(int bytes) {
      if (bytes < 8 || bytes > 65536) {
        throw new IllegalArgumentException("smallestSlot must be between 8 and 65536 bytes: "
            + bytes);
      }
      this.smallestSlot = (bytes + 7) & ~7;
      return this;
    }

    /** How much each size class's slot is larger than the last, above 1 and at most 4; default 1.25. */
    public Builder<K, V> growthFactor(double factor) {
      if (!(factor > 1.0 && factor <= 4.0)) {
        throw new IllegalArgumentException("growthFactor must be above 1 and at most 4: " + factor);
      }
      this.growthFactor = factor;
      return this;
    }

    /** The memory cap in bytes of payload across all classes, in whole slabs; default none. */
    public Builder<K, V> memoryCapBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("memory cap must be at least 1 byte: " + bytes);
      }
      this.capBytes = bytes;
      return this;
    }

    /** Number of arenas per size class, 1 to 1024; default the number of processors (at most 64). */
    public Builder<K, V> arenas(int arenas) {
      if (arenas < 1 || arenas > 1024) {
        throw new IllegalArgumentException("arenas must be between 1 and 1024: " + arenas);
      }
      this.arenas = arenas;
      return this;
    }

    /** Counts hits and misses (a little cost on every read). */
    public Builder<K, V> recordStats() {
      this.recordStats = true;
      return this;
    }

    /** Whether the size classes are listed in the {@link SlabCacheRegistry}; default true. */
    Builder<K, V> registered(boolean registered) {
      this.registered = registered;
      return this;
    }

    private long capSlabs() {
      return capBytes < 0 ? Long.MAX_VALUE : capBytes / slabSize;
    }

    /** The slot sizes: from the smallest, each the last times the factor (in 8s), to the slab. */
    int[] slotSizes() {
      List<Integer> sizes = new ArrayList<>();
      long size = smallestSlot;
      while (size < slabSize) {
        sizes.add((int) size);
        size = Math.max(size + 8, ((long) Math.ceil(size * growthFactor) + 7) & ~7L);
      }
      sizes.add(slabSize);
      return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Builds the cache and lists its size classes in the registry.
     *
     * @throws IllegalStateException if the settings contradict each other (a cap below one slab,
     *     more than 65536 smallest slots per slab, a name too long for its classes' names)
     * @throws IllegalArgumentException if a live listed cache has a class's name
     */
    public PayloadCache<K, V> build() {
      if (capBytes >= 0 && capBytes < slabSize) {
        throw new IllegalStateException("cache '" + name + "': a memory cap of " + capBytes
            + " bytes is below one slab (" + slabSize + " bytes)");
      }
      if (slabSize / smallestSlot > 65536) {
        throw new IllegalStateException("cache '" + name + "': " + slabSize / smallestSlot
            + " slots of " + smallestSlot + " bytes per slab of " + slabSize
            + " bytes; at most 65536 (raise smallestSlot or lower slabSize)");
      }
      String longest = className(name, slabSize);
      try {
        SlabCacheRegistry.checkName(longest);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("cache '" + name + "': its size classes' names, such as '"
            + longest + "', must be valid cache names: " + e.getMessage(), e);
      }
      return new PayloadCache<>(this, slotSizes());
    }
  }
}
