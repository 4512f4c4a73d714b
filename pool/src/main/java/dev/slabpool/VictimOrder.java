package dev.slabpool;

import java.util.List;

/**
 * A keyed cache's policy that chooses victims entry by entry in an order of its own (LRU,
 * Caffeine's), the baselines slab reclaim is measured against. It hears of every entry linked,
 * looked up and unlinked, and frees memory the only way such an order can: it evicts entries,
 * coldest first, until enough slabs are empty.
 *
 * @param <K> key type
 * @param <V> value type
 */
abstract class VictimOrder<K, V> implements Reclaimer, EntryEvents<K, V> {
  /** Entries asked of the order per batch of evictions. */
  private static final int VICTIM_BATCH = 64;

  private final SlabCache<KeyedEntry<K, V>> store;

  VictimOrder(SlabCache<KeyedEntry<K, V>> store) {
    this.store = store;
  }

  /**
   * Up to {@code max} linked entries with refcount 1, coldest first. Entries found unlinked are
   * dropped from the order on the way.
   */
  abstract List<KeyedEntry<K, V>> victims(int max);

  @Override
  public ReclaimResult reclaim(long pages, ReclaimResult.Cause cause) {
    SlabCacheRegistry.reclaiming(store.name(), cause);
    long start = System.nanoTime();
    long slabs = 0;
    long emptied = 0;
    long objects = 0;
    long scanned = 0;
    Throwable failure = null;
    try {
      slabs = store.shrink(pages);
      while (slabs + emptied < pages) {
        List<KeyedEntry<K, V>> batch = victims(VICTIM_BATCH);
        long before = objects;
        for (KeyedEntry<K, V> e : batch) {
          scanned++;
          SlabCache.Eviction r = store.evict(e);
          if (r == SlabCache.Eviction.FREED || r == SlabCache.Eviction.FREED_LAST_OF_SLAB) {
            objects++;
            if (r == SlabCache.Eviction.FREED_LAST_OF_SLAB && slabs + ++emptied >= pages) {
              break;
            }
          }
        }
        if (objects == before) {
          break; // everything left is in use
        }
      }
      slabs += store.shrink(pages - slabs);
    } catch (RuntimeException | Error e) {
      // A destructor's failure: what was freed before it still counts, as in SlabOrder.
      failure = e;
    }
    ReclaimResult result = new ReclaimResult(store.name(), policy(), cause, slabs, objects,
        scanned, System.nanoTime() - start);
    store.slabs.counters.reclaimed(result, 0);
    SlabCacheRegistry.reclaimed(result);
    if (failure != null) {
      throw Failures.rethrow(failure);
    }
    return result;
  }

  /** Evicts the coldest unused entry; when every entry it knows is in use, the slab order tries. */
  @Override
  public boolean makeRoom() {
    for (KeyedEntry<K, V> e : victims(VICTIM_BATCH)) {
      SlabCache.Eviction r = store.evict(e);
      if (r == SlabCache.Eviction.FREED || r == SlabCache.Eviction.FREED_LAST_OF_SLAB) {
        return true;
      }
    }
    return store.slabOrder().makeRoom();
  }
}
