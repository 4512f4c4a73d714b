package dev.slabpool.jmx;

/**
 * The MXBean of a keyed cache that counts its lookups (built with
 * {@code KeyedCache.Builder.recordStats()}), under the same object name as every cache,
 * {@code dev.slabpool:type=SlabCache,name=<cache>}: the {@link SlabCacheMXBean} attributes and
 * operations, and its hit and miss counts. A keyed cache that does not count its lookups, and a
 * plain slab cache, are registered as {@link SlabCacheMXBean}s, without these attributes, so no
 * client reads a count that is not kept.
 */
public interface KeyedCacheMXBean extends SlabCacheMXBean {

  @Description(value = "Lookups that found their key, since the cache was built or the last"
      + " resetStatistics()", units = "lookups")
  long getHitCount();

  @Description(value = "Lookups that did not find their key (and loaded it, when the cache has a"
      + " loader), since the cache was built or the last resetStatistics()", units = "lookups")
  long getMissCount();
}
