package dev.slabpool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

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
 * <p>Before the hand moves, a reclaim takes its holes from the {@link Probation} queue: the
 * oldest new entries that were not hit while on it are evicted first (and remembered as ghosts,
 * so that coming back soon lets them skip probation); only when probation has none to give does
 * the hand sweep the rest. So a scan, or a loop larger than the cache, churns the probation
 * queue and leaves the entries that earned their place alone.
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
  /** The cache's index: the probation queue holds keys, looked up here when their turn comes. */
  private final Function<K, KeyedEntry<K, V>> index;
  private final Probation probation;
  /** The cache's capacity in objects (its memory cap), or {@code Integer.MAX_VALUE}. */
  private volatile long capacityObjects;
  /** The serial of the slab the hand last swept; reclaims take turns on it (see reclaim). */
  private long hand;
  /** The number of the hand's current round, never 0 (see {@link KeyedEntry#sweep}). */
  private byte round = 1;

  HotSlabOrder(SlabCache<KeyedEntry<K, V>> store, Mover<KeyedEntry<K, V>> mover,
      Function<K, KeyedEntry<K, V>> index, long capacityObjects) {
    this.store = store;
    this.mover = mover;
    this.index = index;
    this.probation = new Probation(store.objectsPerSlab());
    this.capacityObjects = capacityObjects;
  }

  @Override
  public void inserted(K key, KeyedEntry<K, V> e) {
    // a new entry starts cold (its slot's heat was cleared when it was freed)
    probation.inserted(key);
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
    capacityObjects = objects; // probation is sized by the next reclaim; the heat is per entry
  }

  /**
   * Evicts the cold entries among the oldest on probation until {@code wanted} holes are made
   * or probation has no more to give; an entry hit while on probation, or in use, stays.
   *
   * @return the holes made and the entries looked at
   */
  @SuppressWarnings("unchecked")
  private long[] fromProbation(long wanted) {
    long holes = 0;
    long scanned = 0;
    for (Object key; holes < wanted && (key = probation.oldest()) != null; ) {
      KeyedEntry<K, V> e = index.apply((K) key);
      if (e == null || e.slabpoolRefcount() != 1 || !key.equals(e.key)) {
        continue; // gone, in use, or its slot already holds another key
      }
      scanned++;
      if (e.heat == 0 && evicted(e)) {
        holes++;
        probation.evicted(key);
      }
    }
    return new long[] {holes, scanned};
  }

  private boolean evicted(KeyedEntry<K, V> e) {
    SlabCache.Eviction r = store.evict(e);
    return r == SlabCache.Eviction.FREED || r == SlabCache.Eviction.FREED_LAST_OF_SLAB;
  }

  /** Frees what the holes made allow: emptied slabs, then the sparsest by compaction. */
  private long freeSlabs(long pages) {
    long freed = store.shrink(pages);
    if (freed < pages) {
      freed += store.compact(mover, pages - freed).slabsFreed();
    }
    return freed;
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
      // Sized by what the cache holds, not by its cap, which may be unbounded.
      probation.capacity(Math.min(capacityObjects, store.slabCount() * perSlab));
      long[] p = freed < pages ? fromProbation((pages - freed) * perSlab) : new long[2];
      evicted = p[0];
      scanned = p[1];
      // Holes made and not yet turned into freed slabs: probation's count towards the hand's.
      long holes = p[0];
      if (holes >= perSlab) {
        freed += freeSlabs(pages - freed);
        holes = 0;
      }
      for (int sweep = 0; sweep < MAX_SWEEPS && freed < pages; sweep++) {
        round = (byte) (round == -1 ? 1 : round + 1);
        for (Slab s : fromTheHand()) {
          hand = s.serial;
          for (Object o : s.objects) {
            @SuppressWarnings("unchecked")
            KeyedEntry<K, V> e = (KeyedEntry<K, V>) o;
            if (e.slabpoolRefcount() != 1 || e.sweep == round) {
              continue; // free, being freed, in use, or moved here after this round saw it
            }
            e.sweep = round;
            scanned++;
            if (!e.cool() && evicted(e)) {
              evicted++;
              holes++;
            }
          }
          if (holes >= perSlab) {
            // A slab's worth of holes: one that emptied, or the sparsest slab's survivors fit
            // into the others' holes.
            freed += freeSlabs(pages - freed);
            holes = 0;
            if (freed >= pages) {
              break;
            }
          }
        }
        if (holes > 0 && freed < pages) {
          // A round of the hand is done: what its holes allow goes back before the next round
          // cools the survivors again (a small cache may never open a slab's worth in one
          // round).
          freed += freeSlabs(pages - freed);
          holes = 0;
        }
      }
      if (freed < pages) {
        freed += freeSlabs(pages - freed);
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
