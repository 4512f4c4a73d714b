package dev.slabpool;

import java.util.Arrays;

/**
 * A snapshot of one cache, with the fields operators know from {@code /proc/slabinfo} and
 * {@code /sys/kernel/slab}, plus the cumulative reclaim counters.
 *
 * <p>Each arena is read under its own lock, one after the other, so the snapshot is consistent
 * per arena and nearly consistent across them.
 *
 * @param name the cache name
 * @param policy the reclaim policy in force
 * @param reclaimable whether the cache was built with the RECLAIM flag
 * @param arenas number of arenas
 * @param objectSize payload bytes per object (or the declared size estimate without payload)
 * @param objectsPerSlab slots per slab
 * @param activeObjects objects allocated and not on a free list
 * @param totalObjects slots in all slabs
 * @param activeSlabs slabs with at least one active object
 * @param totalSlabs slabs held
 * @param partialSlabs slabs with some but not all slots allocated
 * @param freeSlabs slabs with no allocated slot, kept for reuse until {@code shrink()}
 * @param fullSlabs slabs with every slot allocated
 * @param bytesHeld {@code totalSlabs * objectsPerSlab * objectSize}: with a payload, the payload
 *     memory allocated
 * @param requestedBytes the bytes the values cached in a {@link PayloadCache} size class ask for
 *     (memcached's {@code mem_requested}): {@code bytesHeld} minus this is what rounding up to
 *     the slot size and empty slots cost; -1 for a cache whose slots hold no values
 * @param memoryCapSlabs the memory cap in slabs, {@link Long#MAX_VALUE} without cap
 * @param pinnedObjects objects with refcount above 1 (in use)
 * @param occupancy {@code occupancy[k]} = number of slabs with exactly {@code k} active objects
 * @param slabsReclaimed slabs given back by reclaim since the last reset
 * @param objectsReclaimed objects freed by reclaim since the last reset
 * @param circulationFrees of those, objects freed out of full slabs for circulation
 * @param destructorRefusals FREE requests the destructor declined
 * @param moves the answers of the cache's mover (compaction, and reclaim that migrates), since
 *     the last reset; all 0 for a cache without one
 */
public record SlabCacheStats(
    String name,
    ReclaimPolicy policy,
    boolean reclaimable,
    int arenas,
    int objectSize,
    int objectsPerSlab,
    long activeObjects,
    long totalObjects,
    long activeSlabs,
    long totalSlabs,
    long partialSlabs,
    long freeSlabs,
    long fullSlabs,
    long bytesHeld,
    long requestedBytes,
    long memoryCapSlabs,
    long pinnedObjects,
    long[] occupancy,
    long slabsReclaimed,
    long objectsReclaimed,
    long circulationFrees,
    long destructorRefusals,
    Moves moves) {

  /**
   * The answers of a cache's {@link Mover}, counted since the last reset.
   *
   * @param moved objects moved ({@link Mover.Answer#MOVED})
   * @param notNeeded objects the program no longer needed, freed ({@link Mover.Answer#DONT_NEED})
   * @param later objects that could not move now ({@link Mover.Answer#LATER})
   * @param never objects that must not move and pin their slab ({@link Mover.Answer#NEVER})
   * @param dontKnow objects whose use the mover could not tell, and calls that threw
   *     ({@link Mover.Answer#DONT_KNOW})
   * @param threw of those, calls of the mover that threw
   */
  public record Moves(long moved, long notNeeded, long later, long never, long dontKnow,
      long threw) {}

  /** Copies the histogram so the snapshot stays immutable. */
  public SlabCacheStats {
    occupancy = occupancy.clone();
  }

  /** {@code activeObjects / totalObjects}; 1.0 for a cache with no slabs. */
  public double density() {
    return totalObjects == 0 ? 1.0 : (double) activeObjects / totalObjects;
  }

  /** A copy of the occupancy histogram. */
  @Override
  public long[] occupancy() {
    return occupancy.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlabCacheStats s && toString().equals(s.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** One line in the spirit of {@code /proc/slabinfo}. */
  @Override
  public String toString() {
    return String.format(
        "%s policy=%s active_objs=%d num_objs=%d objsize=%d objperslab=%d active_slabs=%d"
            + " num_slabs=%d partial=%d free=%d full=%d bytes=%d density=%.3f pinned=%d"
            + " reclaimed_slabs=%d reclaimed_objs=%d circulation=%d refusals=%d moved=%d"
            + " move_not_needed=%d move_later=%d move_never=%d move_dont_know=%d move_threw=%d"
            + " occupancy=%s",
        name, policy.id(), activeObjects, totalObjects, objectSize, objectsPerSlab, activeSlabs,
        totalSlabs, partialSlabs, freeSlabs, fullSlabs, bytesHeld, density(), pinnedObjects,
        slabsReclaimed, objectsReclaimed, circulationFrees, destructorRefusals, moves.moved(),
        moves.notNeeded(), moves.later(), moves.never(), moves.dontKnow(), moves.threw(),
        Arrays.toString(occupancy));
  }
}
