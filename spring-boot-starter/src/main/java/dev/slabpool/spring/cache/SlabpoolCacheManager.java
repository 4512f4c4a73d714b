package dev.slabpool.spring.cache;

import dev.slabpool.KeyedCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * A Spring {@link org.springframework.cache.CacheManager} of {@link KeyedCache}s, so that
 * {@code @Cacheable} and its kin store into slabs. A cache is built on first use of its name (or at
 * start for the names given), as its {@link CacheSpec} says, recording statistics; it is listed in
 * slabpool's registry under that name, so it has its MBean and meters, and the name must be
 * unique among the JVM's live slabpool caches. {@link #destroy()} destroys the caches it built.
 *
 * <pre>{@code
 * CacheManager manager = new SlabpoolCacheManager(name -> CacheSpec.DEFAULT, true, List.of());
 * }</pre>
 */
public final class SlabpoolCacheManager extends AbstractCacheManager implements DisposableBean {
  private final Function<String, CacheSpec> specs;
  private final boolean allowNullValues;
  private final List<String> initialNames;

  /**
   * A manager building caches as {@code specs} says.
   *
   * @param specs the spec of the cache of each name
   * @param allowNullValues whether the caches store {@code null} values
   * @param initialNames caches built at start
   */
  public SlabpoolCacheManager(Function<String, CacheSpec> specs, boolean allowNullValues,
      Collection<String> initialNames) {
    this.specs = Objects.requireNonNull(specs, "specs");
    this.allowNullValues = allowNullValues;
    this.initialNames = List.copyOf(initialNames);
  }

  @Override
  protected Collection<? extends Cache> loadCaches() {
    List<Cache> caches = new ArrayList<>();
    for (String name : initialNames) {
      caches.add(build(name));
    }
    return caches;
  }

  /** Builds the cache of a name not seen before (the superclass serialises the calls). */
  @Override
  protected Cache getMissingCache(String name) {
    return build(name);
  }

  private SlabpoolCache build(String name) {
    CacheSpec spec = Objects.requireNonNull(specs.apply(name), () -> "no spec for cache " + name);
    KeyedCache<Object, Object> cache = KeyedCache.<Object, Object>builder(name)
        .objectsPerSlab(spec.objectsPerSlab())
        .memoryCapSlabs(spec.memoryCapSlabs())
        .policy(spec.policy())
        .recordStats()
        .build();
    return new SlabpoolCache(cache, allowNullValues);
  }

  /** Destroys every cache this manager built: their memory goes, and their MBeans and meters. */
  @Override
  public void destroy() {
    for (String name : getCacheNames()) {
      Cache cache = lookupCache(name);
      if (cache instanceof SlabpoolCache s) {
        s.getNativeCache().destroy();
      }
    }
  }
}
