package dev.slabpool;

import java.util.ArrayList;
import java.util.List;

/**
 * Compaction of one cache: per arena, the sparsest partial slabs whose objects are all cached and
 * unused (refcount 1) are claimed whole, each object is handed with a fresh slot in a denser slab
 * to a {@link Mover}, and the slabs that emptied are given back. Evicts nothing. Runs under each
 * arena's reclaim lock, so it takes turns with reclaims of the same arena.
 *
 * @param <T> the pooled type
 */
final class Compactor<T> {
  private final Slabs<T> slabs;

  Compactor(Slabs<T> slabs) {
    this.slabs = slabs;
  }

  CompactionResult compact(Mover<? super T> mover, long maxSlabs) {
    long start = System.nanoTime();
    long moved = 0;
    long freedSlabs = 0;
    Throwable failure = null;
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
        List<Slab> pinnedByMover = new ArrayList<>();
        for (int i = 0; i < p.freed.length; i++) {
          Object from = p.claimed.get(i);
          Object to = p.targets.get(i);
          prepare(from, to);
          Mover.Answer answer;
          try {
            answer = ask(mover, from, to);
          } catch (RuntimeException | Error e) {
            // Counted as "don't know" and the pass goes on, so nothing claimed is lost; an Error
            // is thrown on once this arena's pass is committed.
            slabs.counters.moverFailed();
            failure = e instanceof Error && failure == null ? e : failure;
            answer = Mover.Answer.DONT_KNOW;
          }
          slabs.counters.moved(answer);
          switch (answer) {
            case MOVED -> {
              p.freed[i] = true;
              moved++;
            }
            case DONT_NEED -> p.freed[i] = true;
            case NEVER -> pinnedByMover.add(Slot.of(from).slab);
            case LATER, DONT_KNOW -> { }
          }
          if (answer != Mover.Answer.MOVED) {
            unused(p, i);
          }
          if (!p.freed[i]) {
            Refcounts.unclaim((Pooled) from);
          }
        }
        a.lock.lock();
        try {
          for (Slab s : pinnedByMover) {
            s.immovable = true;
          }
          a.commitLocked(p);
        } finally {
          a.lock.unlock();
        }
        freedSlabs += p.released.size();
        slabs.giveBack(p.released);
      } finally {
        a.reclaimLock.unlock();
      }
      if (failure != null) {
        throw Failures.rethrow(failure);
      }
    }
    return new CompactionResult(slabs.name, moved, freedSlabs, System.nanoTime() - start);
  }

  /** Makes the fresh object what {@link Mover} promises: refcount 2, the payload copied. */
  private void prepare(Object from, Object to) {
    // The slot was taken under the arena lock and is ours: publishing 2 makes it in use, as
    // allocate() does, so a stale retain on a reused slot cannot free it under the mover.
    if (!((Pooled) to).slabpoolCompareAndSetRefcount(0, 2)) {
      throw new IllegalStateException("free slot object " + Refcounts.describe(to)
          + " of cache '" + slabs.name + "' has refcount " + ((Pooled) to).slabpoolRefcount());
    }
    Slot source = Slot.of(from);
    if (source.slab.block != null) {
      Slot target = Slot.of(to);
      int size = slabs.objectSize;
      target.slab.block.put(target.index * size, source.slab.block, source.index * size, size);
    }
  }

  /** Asks the mover; a {@code null} answer is taken as "don't know". */
  @SuppressWarnings("unchecked")
  private Mover.Answer ask(Mover<? super T> mover, Object from, Object to) {
    Mover.Answer answer = mover.move((T) from, (T) to);
    return answer == null ? Mover.Answer.DONT_KNOW : answer;
  }

  /**
   * The fresh object of a move that did not happen goes back: its slot is returned at commit
   * when the mover left it as it was given (refcount 2). When someone took a passing reference
   * meanwhile (a stale retain on the reused slot), the mover's reference is dropped instead and
   * the object stays cached, for the holder's release or a later reclaim to free; when the mover
   * released it itself, it already is.
   */
  private static void unused(Arena.Pass p, int i) {
    Pooled to = (Pooled) p.targets.get(i);
    if (to.slabpoolCompareAndSetRefcount(2, 0)) {
      p.unusedTargets.set(i);
    } else if (to.slabpoolRefcount() > 1) {
      Refcounts.release(to); // ours is among them until we drop it, so this never fails
    }
  }
}
