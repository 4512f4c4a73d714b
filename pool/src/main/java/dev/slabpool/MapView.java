package dev.slabpool;

import java.util.Iterator;

/**
 * The {@link java.util.concurrent.ConcurrentMap} view of a {@link KeyedCache}: reads take and
 * drop a reference; writes go to the cache.
 */
final class MapView<K, V> extends AbstractMapView<K, V> {
  private final KeyedCache<K, V> cache;

  MapView(KeyedCache<K, V> cache) {
    this.cache = cache;
  }

  @Override
  long count() {
    return cache.size();
  }

  @Override
  Iterator<K> keys() {
    return cache.index.keySet().iterator();
  }

  @Override
  V peek(K key) {
    return cache.peek(key, KeyedCache.Read.QUIET);
  }

  @Override
  public V get(Object key) {
    return cache.peek(key, KeyedCache.Read.ACCESS);
  }

  @Override
  public boolean containsKey(Object key) {
    return cache.peek(key, KeyedCache.Read.QUIET) != null;
  }

  @Override
  V store(K key, V value) {
    return cache.put(key, value);
  }

  @Override
  V storeIfAbsent(K key, V value) {
    return cache.putIfAbsent(key, value);
  }

  @Override
  V storeIfPresent(K key, V value) {
    return cache.replace(key, null, value).previous;
  }

  @Override
  boolean storeIfEqual(K key, V expected, V value) {
    return cache.replace(key, expected, value).replaced;
  }

  @Override
  V delete(K key) {
    return cache.remove(key);
  }

  @Override
  boolean deleteIfEqual(K key, V expected) {
    return cache.remove(key, expected);
  }
}
