package dev.slabpool;

/**
 * What one reclaim did.
 *
 * @param cache the name of the cache
 * @param policy the order the victims were chosen in
 * @param cause why the reclaim ran
 * @param slabsFreed slabs given back (the kernel's pages)
 * @param objectsFreed objects freed, whole-slab frees and circulation frees together
 * @param objectsScanned refcounts read to choose the victims
 * @param nanos time taken
 */
public record ReclaimResult(
    String cache,
    ReclaimPolicy policy,
    Cause cause,
    long slabsFreed,
    long objectsFreed,
    long objectsScanned,
    long nanos) {

  /** Why a reclaim ran. */
  public enum Cause {
    /** Somebody called {@code reclaim(pages)}: code, an operator, or the memory-pressure trigger. */
    REQUEST,
    /** An allocation found the cache at its memory cap and made room. */
    MEMORY_CAP
  }

  /** Objects freed per slab given back; infinite when objects were freed but no slab. */
  public double objectsFreedPerSlab() {
    if (slabsFreed == 0) {
      return objectsFreed == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return (double) objectsFreed / slabsFreed;
  }
}
