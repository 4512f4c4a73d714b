/**
 * Keyed caches on slab caches, the dentry-cache analog: a {@link KeyedCache} maps keys to values
 * held in {@link CacheEntry} objects that live in slabs, and keeps no LRU list, so when memory must
 * be given back the slab allocator chooses the victims, whole slabs at a time. A lookup takes a
 * reference on its entry (loading the value on a miss when the cache has a loader) and the caller
 * releases it; an entry must not be used after that, because freed entries are reused for other
 * keys. For comparison a keyed cache can be switched at run time to evict in exact LRU order or,
 * with Caffeine on the class path, in Caffeine's order, and {@link KeyedCache#asMap()} gives a
 * {@code ConcurrentMap} view of it.
 */
package dev.slabpool.keyed;
