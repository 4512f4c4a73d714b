package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One size class of a {@link PayloadCache}: a slab cache whose slots are all {@link #slotSize}
 * bytes, holding the values that fit no smaller class, reclaimed by its own hot-aware policy. It
 * is listed in the registry on its own (named {@code cache.slotSize}), so operators see and
 * reclaim each class as memcached's {@code stats slabs} shows them.
 *
 * <p>Its slabs come from the cache's shared budget: at the cap, the class that needs a slab asks
 * the cache ({@link PayloadCache#makeRoom}) which class gives one up.
 *
 * @param <K> key type
 */
final class SizeClass<K> implements ManagedCache {
  final PayloadCache<K, ?> cache;
  final String name;
  final int slotSize;
  final SlabCache<KeyedEntry<K, ByteBuffer>> store;
  final HotSlabOrder<K, ByteBuffer> order;
  /**
   * Hits that raised an entry's heat, decayed by each rebalance: what the class's slabs are
   * worth. A hit on an entry already at its highest heat does not count, so a class whose
   * entries nobody cools (nobody reclaims from it) stops gaining worth and is looked at.
   * Plain and racy, as the heat is: a lost increment costs one hit's worth.
   */
  long warmth;

  SizeClass(PayloadCache<K, ?> cache, String name, int slotSize, int objectsPerSlab,
      Payload payload, int arenas, SlabBudget budget) {
    this.cache = cache;
    this.name = name;
    this.slotSize = slotSize;
    this.store = SlabCache.<KeyedEntry<K, ByteBuffer>>builder(name, () -> new PayloadEntry<>(this))
        .objectsPerSlab(objectsPerSlab)
        .objectSize(slotSize)
        .payload(payload)
        .arenas(arenas)
        .freeListSize(0)
        .registered(false)
        .reclaimable(cache::destruct)
        .mover(cache::move)
        .sharedCap(budget)
        .valueSlots()
        .build();
    this.order = new HotSlabOrder<>(store, cache::move, k -> cache.entryIn(k, this),
        Integer.MAX_VALUE);
    store.reclaimWith(new Reclaimer() {
      @Override
      public ReclaimPolicy policy() {
        return ReclaimPolicy.HOT;
      }

      @Override
      public ReclaimResult reclaim(long pages, ReclaimResult.Cause cause) {
        return order.reclaim(pages, cause);
      }

      @Override
      public boolean makeRoom() {
        return cache.makeRoom(SizeClass.this);
      }
    });
  }

  @SuppressWarnings("unchecked")
  PayloadEntry<K> allocate() {
    return (PayloadEntry<K>) (Object) store.allocate();
  }

  void requested(long bytes) {
    store.slabs.requestedBytes.add(bytes);
  }

  /** A hit raised an entry's heat. */
  void warmed() {
    warmth++;
  }

  long slabCount() {
    return store.slabCount();
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
  public ReclaimResult reclaim(long pages) {
    return store.reclaim(pages);
  }

  @Override
  public long shrink() {
    return store.shrink();
  }

  @Override
  public boolean isMovable() {
    return true;
  }

  @Override
  public CompactionResult compact() {
    return store.compact();
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.HOT;
  }

  @Override
  public Set<ReclaimPolicy> policies() {
    return EnumSet.of(ReclaimPolicy.HOT);
  }

  /** A size class reclaims by the hot-aware policy only. */
  @Override
  public void policy(ReclaimPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (policy != ReclaimPolicy.HOT) {
      throw new IllegalArgumentException("cache '" + name + "' is a size class of payload cache '"
          + cache.name() + "': its only policy is hot, not " + policy.id());
    }
  }

  @Override
  public int circulation() {
    return store.circulation();
  }

  @Override
  public void circulation(int objectsPerFullSlab) {
    store.circulation(objectsPerFullSlab);
  }

  /** This class's own cap in slabs, beside the cache's shared one; default none. */
  @Override
  public long memoryCap() {
    return store.memoryCap();
  }

  @Override
  public ReclaimResult memoryCap(long slabs) {
    return store.memoryCap(slabs);
  }

  @Override
  public void resetStatistics() {
    store.resetStatistics();
  }

  @Override
  public String toString() {
    return "SizeClass[" + name + ", " + slotSize + " bytes]";
  }
}
