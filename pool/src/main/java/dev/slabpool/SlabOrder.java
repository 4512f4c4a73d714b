package dev.slabpool;

import java.util.function.LongFunction;

/**
 * The proposal's reclaim policy, {@link ReclaimPolicy#SLAB}: drains the free lists and gives back
 * free slabs, then walks the full slabs from the oldest end and then the partial slabs; frees
 * every slab whose allocated objects all have refcount 1, and {@code circulation} refcount-1
 * objects of each full slab it cannot free. Arenas are visited starting with the caller's;
 * concurrent reclaimers work on different arenas.
 *
 * <p>Each pass over an arena has three phases: select and claim under the arena's lock
 * ({@link Arena#selectLocked}), ask the FREE destructor with no lock held, commit under the lock
 * ({@link Arena#commitLocked}); then the released slabs are given back with no lock held. A
 * cache with a {@link Mover} compacts when that did not free enough: the objects of the sparsest
 * slabs move into the holes of the others, and the emptied slabs go back too.
 *
 * @param <T> the pooled type
 */
final class SlabOrder<T> implements Reclaimer {
  private final Slabs<T> slabs;
  /** Compacts up to the given number of slabs; {@code null} for a cache without a mover. */
  private final LongFunction<CompactionResult> compaction;

  SlabOrder(Slabs<T> slabs, LongFunction<CompactionResult> compaction) {
    this.slabs = slabs;
    this.compaction = compaction;
  }

  /** What one reclaim freed, summed over its passes. */
  private static final class Tally {
    long slabs;
    long objects;
    long scanned;
    long circulated;
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.SLAB;
  }

  @Override
  public ReclaimResult reclaim(long pages, ReclaimResult.Cause cause) {
    SlabCacheRegistry.reclaiming(slabs.name, cause);
    long start = System.nanoTime();
    Tally tally = new Tally();
    Arena[] arenas = slabs.arenas;
    int first = slabs.homeIndex();
    boolean[] done = new boolean[arenas.length];
    Throwable failure = null;
    // Round 0 skips arenas another thread is reclaiming; round 1 waits for them.
    for (int round = 0; round < 2 && tally.slabs < pages && failure == null; round++) {
      for (int i = 0; i < arenas.length && tally.slabs < pages && failure == null; i++) {
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
          reclaimArena(a, pages - tally.slabs, tally);
        } catch (RuntimeException | Error e) {
          // An Error from a destructor too: what was freed before it still counts below.
          failure = e;
        } finally {
          a.reclaimLock.unlock();
        }
      }
    }
    if (compaction != null && failure == null && tally.slabs < pages) {
      try {
        tally.slabs += compaction.apply(pages - tally.slabs).slabsFreed();
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }
    ReclaimResult result = new ReclaimResult(slabs.name, ReclaimPolicy.SLAB, cause, tally.slabs,
        tally.objects, tally.scanned, System.nanoTime() - start);
    slabs.counters.reclaimed(result, tally.circulated);
    SlabCacheRegistry.reclaimed(result);
    if (failure != null) {
      throw Failures.rethrow(failure);
    }
    return result;
  }

  /** Passes over one arena until enough slabs are freed or every slab was looked at. */
  private void reclaimArena(Arena a, long wanted, Tally tally) {
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
        slabs.checkLive();
        a.selectLocked(p, wanted - freedHere, slabs.circulation, visit);
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
      for (int i = 0; i < p.freed.length; i++) {
        if (p.freed[i]) {
          tally.objects++;
          if (p.circulating.get(i)) {
            tally.circulated++;
          }
        }
      }
      freedHere += p.released.size();
      tally.slabs += p.released.size();
      tally.scanned += p.scanned;
      try {
        slabs.giveBack(p.released);
      } catch (RuntimeException | Error e) {
        failure = Failures.firstWithOthers(failure, e);
      }
      if (failure != null) {
        throw Failures.rethrow(failure);
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
          freed = slabs.destruct((T) o, DestructorMode.FREE);
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
          slabs.counters.destructorRefusals.increment();
        }
      }
    }
    return failure;
  }
}
