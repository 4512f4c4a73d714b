package dev.slabpool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The hot-aware slab policy, {@link ReclaimPolicy#HOT}, for keyed caches: memory still comes back
 * in whole slabs taken from the old end, but a slab's hot entries are not thrown away with it.
 *
 * <p>Each entry keeps a small saturating counter of its hits ({@link KeyedEntry#touch}). A reclaim
 * sweeps the slabs in build order from where the last one stopped, as a CLOCK hand goes round:
 * an unused entry whose counter is 0 is evicted, any other has its counter decremented, so an
 * entry must be hit again within one round of the hand to stay, and a new entry (wherever its
 * slot is) gets a whole round before it is looked at. Once the sweep has opened a
 * slab's worth of holes, compaction moves the survivors of the sparsest slabs into the holes of
 * the others and gives back the slabs that emptied: the hot entries of several old slabs end up
 * sharing one, as in Segcache's merge-based eviction. A new entry starts at 0, so keys seen once
 * (a scan) are the first to go, as in CLOCK and S3-FIFO's small queue.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class HotSlabOrder<K, V> implements Reclaimer, EntryEvents<K, V> {
  /**
   * Rounds of the hand a reclaim makes at most. Every round decrements every surviving counter,
   * so after {@link KeyedEntry#HEAT_MAX} + 1 rounds only entries in use remain.
   */
  private static final int MAX_SWEEPS = KeyedEntry.HEAT_MAX + 1;

  private final SlabCache<KeyedEntry<K, V>> store;
  private final Mover<KeyedEntry<K, V>> mover;
  /** The serial of the slab the hand last swept; reclaims take turns on it (see reclaim). */
  private long hand;

  HotSlabOrder(SlabCache<KeyedEntry<K, V>> store, Mover<KeyedEntry<K, V>> mover) {
    this.store = store;
    this.mover = mover;
  }

  @Override
  public void inserted(K key, KeyedEntry<K, V> e) {
    // a new entry starts cold (its slot's heat was cleared when it was freed)
  }

  @Override
  public void accessed(K key, KeyedEntry<K, V> e) {
    e.touch();
  }

  @Override
  public void removed(K key, KeyedEntry<K, V> e) {
    // the heat leaves with the entry
  }

  @Override
  public void capacity(long objects) {
    // the heat is per entry: nothing to size
  }



  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.HOT;
  }

  // synchronized: the hand is one position; concurrent reclaims of one cache take turns.
  @Override
  public synchronized ReclaimResult reclaim(long pages, ReclaimResult.Cause cause) {
    SlabCacheRegistry.reclaiming(store.name(), cause);
    long start = System.nanoTime();
    long freed = 0;
    long evicted = 0;
    long scanned = 0;
    int perSlab = store.objectsPerSlab();
    Throwable failure = null;
    try {
      freed = store.shrink(pages);
      for (int sweep = 0; sweep < MAX_SWEEPS && freed < pages; sweep++) {
        long holes = 0;
        for (Slab s : fromTheHand()) {
          hand = s.serial;
          for (Object o : s.objects) {
            @SuppressWarnings("unchecked")
            KeyedEntry<K, V> e = (KeyedEntry<K, V>) o;
            if (e.slabpoolRefcount() != 1) {
              continue; // free, being freed, or in use
            }
            scanned++;
            if (!e.cool()) {
              SlabCache.Eviction r = store.evict(e);
              if (r == SlabCache.Eviction.FREED || r == SlabCache.Eviction.FREED_LAST_OF_SLAB) {
                evicted++;
                holes++;
              }
            }
          }
          if (holes >= perSlab) {
            // A slab's worth of holes: one that emptied, or the sparsest slab's survivors fit
            // into the others' holes.
            freed += store.shrink(pages - freed);
            if (freed < pages) {
              freed += store.compact(mover, pages - freed).slabsFreed();
            }
            holes = 0;
            if (freed >= pages) {
              break;
            }
          }
        }
      }
      if (freed < pages) {
        freed += store.shrink(pages - freed);
      }
      if (freed < pages) {
        freed += store.compact(mover, pages - freed).slabsFreed();
      }
    } catch (RuntimeException | Error e) {
      // A destructor's failure: what was freed before it still counts, as in SlabOrder.
      failure = e;
    }
    ReclaimResult result = new ReclaimResult(store.name(), ReclaimPolicy.HOT, cause, freed,
        evicted, scanned, System.nanoTime() - start);
    store.slabs.counters.reclaimed(result, 0);
    SlabCacheRegistry.reclaimed(result);
    if (failure != null) {
      throw Failures.rethrow(failure);
    }
    return result;
  }

  /**
   * Every slab of the cache in build order, starting after the hand and wrapping round: a
   * snapshot, each arena read under its lock.
   */
  private List<Slab> fromTheHand() {
    List<Slab> all = new ArrayList<>();
    for (Arena a : store.slabs.arenas) {
      a.lock.lock();
      try {
        a.slabsLocked(all);
      } finally {
        a.lock.unlock();
      }
    }
    all.sort(Comparator.comparingLong(s -> s.serial));
    int next = 0;
    while (next < all.size() && all.get(next).serial <= hand) {
      next++;
    }
    List<Slab> round = new ArrayList<>(all.subList(next, all.size()));
    round.addAll(all.subList(0, next));
    return round;
  }
}
