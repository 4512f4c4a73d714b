package dev.slabpool;

/**
 * A reclaim policy: how a cache chooses what to free when memory must be given back. The
 * proposal's slab order ({@link SlabOrder}) is every cache's own; a keyed cache may install
 * another ({@link VictimOrder}: LRU, Caffeine's order). A new policy implements this, and the
 * cache runs it for every reclaim: a request, the memory cap, a shrink of the cap, memory
 * pressure.
 */
interface Reclaimer {
  /** Which policy this is, as operators name it. */
  ReclaimPolicy policy();

  /**
   * Frees up to {@code pages} slabs (pages is not negative; the cache is reclaimable and live),
   * adds what it freed to the cache's counters and tells the registry.
   */
  ReclaimResult reclaim(long pages, ReclaimResult.Cause cause);

  /**
   * At the memory cap: frees something so that an allocation can go on; by default one slab's
   * reclaim.
   *
   * @return whether anything was freed
   */
  default boolean makeRoom() {
    ReclaimResult r = reclaim(1, ReclaimResult.Cause.MEMORY_CAP);
    return r.slabsFreed() > 0 || r.objectsFreed() > 0;
  }
}
