package dev.slabpool;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of a slab cache's refcount contract, its thread-cache hand-off and
 * {@code destroy()}: 2-object slabs in one arena capped at 2 slabs, a thread cache of 1 per
 * thread, so objects freed by one thread wait in its cache until it allocates again or reclaim
 * (or destroy) drains them, and cached objects are freed by reclaim and the cap and handed out
 * again. Every operation answers whether it saw the contract hold:
 *
 * <ul>
 *   <li>an object allocated is used by nobody else (its user count goes 0 to 1);
 *   <li>an object retained is not freed by reclaim while held (its FREE count does not move);
 *   <li>after {@code destroy()} has begun no reference is taken, and every allocation fails.
 * </ul>
 *
 * <p>{@link Validate} checks after each scenario that no object is in use, that the slabs stay
 * within the cap, and that an allocation after destroy fails.
 */
class SlabCacheModelCheckTest {

  /** A pooled object that counts its users and how often reclaim freed it. */
  public static final class Cell extends PooledObject {
    volatile int users;
    volatile int frees;
  }

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "slot", gen = IntGen.class, conf = "0:1")
  public static final class Scenario {
    private final SlabCache<Cell> cache = SlabCache.<Cell>builder("modelcheck-slab", Cell::new)
        .registered(false).objectsPerSlab(2).arenas(1).memoryCapSlabs(2).circulation(1)
        .freeListSize(1).reclaimable((cell, mode) -> {
          cell.frees++;
          return true;
        }).build();
    /** Objects released to refcount 1 (cached, reclaimable), for other threads to retain. */
    private final AtomicReferenceArray<Cell> cached = new AtomicReferenceArray<>(2);

    /** Allocates, uses and frees an object; through the thread cache when it has room. */
    @Operation
    public boolean allocateAndFree() {
      Cell c = allocateUnlessDestroyed();
      if (c == null) {
        return cache.isDestroyed();
      }
      boolean alone = use(c);
      try {
        cache.free(c);
      } catch (IllegalStateException destroyed) {
        return alone && cache.isDestroyed();
      }
      return alone;
    }

    /** Allocates an object and leaves it cached (refcount 1) for others to retain. */
    @Operation
    public boolean allocateAndCache(@Param(name = "slot") int slot) {
      Cell c = allocateUnlessDestroyed();
      if (c == null) {
        return cache.isDestroyed();
      }
      boolean alone = use(c);
      cache.release(c);
      cached.set(slot, c);
      return alone;
    }

    /** Retains a cached object if it is still cached; it must not be freed while held. */
    @Operation
    public boolean retainCached(@Param(name = "slot") int slot) {
      Cell c = cached.get(slot);
      if (c == null) {
        return true;
      }
      if (!cache.retain(c)) {
        return true;
      }
      int frees = c.frees;
      boolean kept = c.frees == frees;
      cache.release(c);
      return kept;
    }

    @Operation
    public void reclaim() {
      try {
        cache.reclaim(1);
      } catch (IllegalStateException destroyed) {
        // a destroyed cache refuses reclaim
      }
    }

    @Operation
    public void destroy() {
      cache.destroy();
    }

    /** An allocated object, or {@code null} when the allocation failed (the cache is destroyed). */
    private Cell allocateUnlessDestroyed() {
      try {
        return cache.allocate();
      } catch (IllegalStateException destroyed) {
        return null;
      }
    }

    /** Whether this caller was the object's only user. */
    private static boolean use(Cell c) {
      boolean alone = ++c.users == 1;
      c.users--;
      return alone;
    }

    @Validate
    public void invariants() {
      SlabCacheStats s = cache.isDestroyed() ? null : cache.stats();
      if (s != null && (s.pinnedObjects() != 0 || s.totalSlabs() > 2)) {
        throw new AssertionError("at rest: " + s.pinnedObjects() + " objects in use, "
            + s.totalSlabs() + " slabs");
      }
      cache.destroy();
      for (int i = 0; i < cached.length(); i++) {
        Cell c = cached.get(i);
        if (c != null && cache.retain(c)) {
          throw new AssertionError("a reference taken after destroy()");
        }
      }
      try {
        cache.allocate();
        throw new AssertionError("an allocation after destroy()");
      } catch (IllegalStateException expected) {
        // destroyed
      }
    }
  }

  static ModelCheckingOptions options(int scenarios, int invocations) {
    return new ModelCheckingOptions().iterations(scenarios).invocationsPerIteration(invocations)
        .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1);
  }

  @Test
  void allocationRetainReclaimAndDestroyKeepTheContractInEveryExploredInterleaving() {
    options(ModelCheckDepth.scenarios(10), ModelCheckDepth.invocations(100))
        .check(Scenario.class);
  }
}
