package dev.slabpool;

/**
 * Compaction of one cache: per arena, the sparsest partial slabs whose objects are all cached and
 * unused (refcount 1) are claimed whole, each object is moved into a hole of a denser slab by the
 * cache's mover, and the emptied slabs are given back. Evicts nothing. Runs under each arena's
 * reclaim lock, so it takes turns with reclaims of the same arena.
 *
 * @param <T> the pooled type
 */
final class Compactor<T> {

  /** What became of one claimed object. */
  enum Outcome {
    /** Its state and every reference to it now live in the fresh object: free its slot. */
    MOVED,
    /** It left its index meanwhile (removed or replaced): nobody needs it, free its slot. */
    NOT_NEEDED,
    /** It stays where it is (the cache is being destroyed): back to refcount 1. */
    STAYED
  }

  /**
   * Moves one object. Called with no lock held, with the claimed object (refcount 0: nobody can
   * take a reference) and a fresh object (refcount 0) in its new slot, which the mover owns from
   * then on: it copies the state across and makes every index point at the fresh object, or frees
   * it. It must not throw.
   */
  interface Mover<T> {
    Outcome move(T from, T to);
  }

  private final Slabs<T> slabs;

  Compactor(Slabs<T> slabs) {
    this.slabs = slabs;
  }

  @SuppressWarnings("unchecked")
  CompactionResult compact(Mover<T> mover, long maxSlabs) {
    long start = System.nanoTime();
    long moved = 0;
    long freedSlabs = 0;
    for (Arena a : slabs.arenas) {
      if (freedSlabs >= maxSlabs) {
        break;
      }
      a.reclaimLock.lock();
      try {
        Arena.Pass p = new Arena.Pass();
        a.lock.lock();
        try {
          slabs.checkLive();
          a.selectForCompactionLocked(p, maxSlabs - freedSlabs);
        } finally {
          a.lock.unlock();
        }
        for (int i = 0; i < p.freed.length; i++) {
          Object from = p.claimed.get(i);
          Outcome o = mover.move((T) from, (T) p.targets.get(i));
          if (o == Outcome.STAYED) {
            Refcounts.unclaim((Pooled) from);
          } else {
            p.freed[i] = true;
            moved += o == Outcome.MOVED ? 1 : 0;
          }
        }
        a.lock.lock();
        try {
          a.commitLocked(p);
        } finally {
          a.lock.unlock();
        }
        freedSlabs += p.released.size();
        slabs.giveBack(p.released);
      } finally {
        a.reclaimLock.unlock();
      }
    }
    return new CompactionResult(slabs.name, moved, freedSlabs, System.nanoTime() - start);
  }
}
