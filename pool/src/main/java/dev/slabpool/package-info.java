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
 * {@link ReclaimPolicy}.
 *
 * <p>Keyed caches are the dentry-cache analog on slab caches: a {@link KeyedCache} maps keys to
 * values held in entries that live in slabs, and keeps no LRU list, so when memory must be given
 * back the slab allocator chooses the victims, whole slabs at a time. A lookup takes a reference on
 * its {@link CacheEntry} (loading the value on a miss when the cache has a loader) and the caller
 * releases it; an entry must not be used after that, because freed entries are reused for other
 * keys. For comparison a keyed cache can be switched at run time to evict in exact LRU order or,
 * with Caffeine on the class path, in Caffeine's order, and {@link KeyedCache#asMap()} gives a
 * {@code ConcurrentMap} view of it.
 *
 * <p>Everything public here is the API; the engine (arenas, slabs, slots, thread caches, eviction
 * orders) is package-private. Vocabulary, the algorithm and its invariants: {@code docs/design.md}
 * in the repository.
 */
package dev.slabpool;
