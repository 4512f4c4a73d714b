/**
 * Spring's cache abstraction over slabpool's keyed caches: a
 * {@link dev.slabpool.spring.cache.SlabpoolCacheManager} of
 * {@link dev.slabpool.spring.cache.SlabpoolCache}s, each built as its
 * {@link dev.slabpool.spring.cache.CacheSpec} says.
 */
package dev.slabpool.spring.cache;
