/**
 * Slab caches with slab-oriented reclaim: the pool API of slabpool. A {@link SlabCache} hands out
 * objects that live in slabs of a fixed number of slots and, when memory must be given back, frees
 * whole slabs whose objects are all unused instead of evicting object by object. Pooled objects
 * carry the refcount of the {@link Pooled} contract (0 free, 1 cached and unused, above 1 in use):
 * they extend {@link PooledObject}, or are annotated with {@link PooledType} and woven by the
 * slabpool agent. A cache's builder chooses its {@link Payload}, its {@link Destructor} and an
 * optional memory cap, at which an allocation that reclaim cannot make room for throws
 * {@link SlabCacheFullException}; a cache reports {@link ReclaimResult}s, {@link SlabCacheStats}
 * snapshots and {@link SlabMap}s. Plain and keyed caches are both {@link ManagedCache}s, listed by
 * default in the {@link SlabCacheRegistry} where tools find them, and each reclaims by a
 * {@link ReclaimPolicy}; keyed caches are in {@code dev.slabpool.keyed}.
 */
package dev.slabpool;
