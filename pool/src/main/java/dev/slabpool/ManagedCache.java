package dev.slabpool;

import java.util.Set;

/**
 * What operators and tools (the MBeans, the agent, the benchmarks) see of a cache, whether it is
 * a plain {@link SlabCache} or a {@link KeyedCache} built on one. Every live cache of the JVM is
 * listed in the {@link SlabCacheRegistry}. Only the pool's own caches are listed there (they list
 * themselves), so what a tool reads of one is what the allocator did.
 */
public interface ManagedCache {

  /** The unique name of the cache. */
  String name();

  /** Whether this is a keyed cache, whose reclaim policy can be switched. */
  boolean isKeyed();

  /** Whether the cache was built with the RECLAIM flag, so {@link #reclaim} is allowed. */
  boolean isReclaimable();

  /** Whether {@code destroy()} was called. */
  boolean isDestroyed();

  /** A statistics snapshot. */
  SlabCacheStats stats();

  /** Every slab, for heat maps. */
  SlabMap slabMap();

  /**
   * Frees up to {@code pages} slabs, choosing victims in the order of the current
   * {@linkplain #policy() policy}.
   *
   * @throws IllegalArgumentException if {@code pages} is negative
   * @throws IllegalStateException if the cache is not reclaimable or is destroyed
   */
  ReclaimResult reclaim(long pages);

  /** Gives back every free slab (after draining the free lists); returns the number given back. */
  long shrink();

  /**
   * Whether the cache can move its objects: a keyed cache always, a slab cache when it was built
   * with a {@link Mover}.
   */
  boolean isMovable();

  /**
   * Moves cached, unused objects out of the sparsest slabs into the holes of denser ones and
   * gives back the slabs that empty. Evicts nothing.
   *
   * @throws IllegalStateException if the cache cannot move its objects or is destroyed
   */
  CompactionResult compact();

  /** The reclaim policy in force; always {@link ReclaimPolicy#SLAB} for a plain slab cache. */
  ReclaimPolicy policy();

  /**
   * The reclaim policies {@link #policy(ReclaimPolicy)} accepts, the one in force among them:
   * every policy for a keyed cache, {@link ReclaimPolicy#SLAB} for a plain slab cache,
   * {@link ReclaimPolicy#HOT} for a payload cache's size class.
   */
  Set<ReclaimPolicy> policies();

  /**
   * Switches the reclaim policy at run time.
   *
   * @throws IllegalArgumentException if the policy is not one of {@link #policies()}
   */
  void policy(ReclaimPolicy policy);

  /** Refcount-1 objects freed from each full slab a slab reclaim walks past (circulation). */
  int circulation();

  /**
   * Sets the circulation count.
   *
   * @throws IllegalArgumentException if negative or larger than the objects per slab
   */
  void circulation(int objectsPerFullSlab);

  /** The memory cap in slabs; {@link Long#MAX_VALUE} when there is none. */
  long memoryCap();

  /**
   * Sets the memory cap in slabs ({@link Long#MAX_VALUE} for none). When the cache holds more
   * slabs than the new cap and is reclaimable, it reclaims down to the cap before returning.
   *
   * @return what that reclaim did, or an empty result
   * @throws IllegalArgumentException if {@code slabs} is below 1
   */
  ReclaimResult memoryCap(long slabs);

  /** Resets the cumulative reclaim counters. */
  void resetStatistics();
}
