package dev.slabpool.spring.cache;

import dev.slabpool.ReclaimPolicy;
import java.util.Objects;

/**
 * How the {@link SlabpoolCacheManager} builds one keyed cache.
 *
 * @param capacity entries the cache holds at most, at least 1: its memory cap is the whole slabs
 *     that hold them
 * @param objectsPerSlab entries per slab, 1 to 65536
 * @param policy the cache's reclaim policy
 */
public record CacheSpec(long capacity, int objectsPerSlab, ReclaimPolicy policy) {
  /** The capacity when none is configured. */
  public static final long DEFAULT_CAPACITY = 10_000;
  /** The entries per slab when none is configured (the keyed cache's default). */
  public static final int DEFAULT_OBJECTS_PER_SLAB = 32;
  /** The defaults: 10000 entries, 32 per slab, the hot policy (the keyed cache's default). */
  public static final CacheSpec DEFAULT =
      new CacheSpec(DEFAULT_CAPACITY, DEFAULT_OBJECTS_PER_SLAB, ReclaimPolicy.HOT);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming a bad value
   */
  public CacheSpec {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    if (objectsPerSlab < 1 || objectsPerSlab > 65536) {
      throw new IllegalArgumentException("objectsPerSlab must be 1 to 65536: " + objectsPerSlab);
    }
    Objects.requireNonNull(policy, "policy");
  }

  /** The memory cap in slabs: enough whole slabs for {@link #capacity()} entries. */
  public long memoryCapSlabs() {
    return (capacity + objectsPerSlab - 1) / objectsPerSlab;
  }
}
