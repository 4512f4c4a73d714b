package dev.slabpool.spring.cache;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a {@link KeyedCache}. Reads go through
 * {@link KeyedCache#lookup}, so they count as the keyed cache's hits and misses (and so in its
 * {@code cache.gets} meters); writes are its puts. With null values allowed, a {@code null} is
 * stored as Spring's {@code NullValue} marker; without, caching {@code null} fails with
 * {@link IllegalArgumentException}. Entries may be evicted at any time by the keyed cache's
 * reclaim.
 */
public final class SlabpoolCache extends AbstractValueAdaptingCache {
  private final KeyedCache<Object, Object> cache;
  /** One lock per key being loaded by {@link #get(Object, Callable)}: the loader runs once. */
  private final ConcurrentHashMap<Object, Object> loading = new ConcurrentHashMap<>();

  /**
   * An adapter over {@code cache}.
   *
   * @param allowNullValues whether {@code null} values are cached
   */
  public SlabpoolCache(KeyedCache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String getName() {
    return cache.name();
  }

  /** The keyed cache. */
  @Override
  public KeyedCache<Object, Object> getNativeCache() {
    return cache;
  }

  /** The stored value (maybe the null marker), or {@code null}; a hit or a miss of the cache. */
  @Override
  protected Object lookup(Object key) {
    CacheEntry<Object, Object> e = cache.lookup(key);
    if (e == null) {
      return null;
    }
    try {
      return e.value();
    } finally {
      cache.release(e);
    }
  }

  /**
   * The cached value, or the loader's, cached. Loaders of one key run one at a time: a caller
   * that waited for another's load gets its value, unless it was evicted meanwhile.
   *
   * @throws ValueRetrievalException wrapping what the loader threw
   */
  @Override
  @SuppressWarnings("unchecked") // what the caller stored under this key
  public <T> T get(Object key, Callable<T> valueLoader) {
    Object stored = lookup(key);
    if (stored != null) {
      return (T) fromStoreValue(stored);
    }
    Object lock = loading.computeIfAbsent(key, k -> new Object());
    try {
      synchronized (lock) {
        stored = cache.asMap().get(key); // the map view counts nothing: the miss was counted above
        if (stored != null) {
          return (T) fromStoreValue(stored);
        }
        T value;
        try {
          value = valueLoader.call();
        } catch (Throwable t) {
          throw new ValueRetrievalException(key, valueLoader, t);
        }
        put(key, value);
        return value;
      }
    } finally {
      loading.remove(key, lock);
    }
  }

  @Override
  public void put(Object key, Object value) {
    cache.put(key, toStoreValue(value));
  }

  /** Stores the value unless the key has one, atomically; returns the present one, if any. */
  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    return toValueWrapper(cache.asMap().putIfAbsent(key, toStoreValue(value)));
  }

  @Override
  public void evict(Object key) {
    cache.remove(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.remove(key) != null;
  }

  @Override
  public void clear() {
    cache.asMap().clear();
  }

  @Override
  public boolean invalidate() {
    boolean any = cache.size() > 0;
    clear();
    return any;
  }
}
