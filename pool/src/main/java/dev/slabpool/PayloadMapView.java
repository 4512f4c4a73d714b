package dev.slabpool;

import dev.slabpool.PayloadCache.Only;
import java.util.Iterator;

/**
 * The {@link java.util.concurrent.ConcurrentMap} view of a {@link PayloadCache}: values are
 * encoded on the way in and decoded on the way out. The conditional writes compare the decoded
 * value with {@code equals} under the key's lock, so for {@code byte[]} values they compare
 * identity, which a decoded copy never has.
 */
final class PayloadMapView<K, V> extends AbstractMapView<K, V> {
  private final PayloadCache<K, V> cache;

  PayloadMapView(PayloadCache<K, V> cache) {
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
    return cache.containsKey(key);
  }

  @Override
  V store(K key, V value) {
    return cache.swap(key, value, Only.ANY, null).previous;
  }

  @Override
  V storeIfAbsent(K key, V value) {
    return cache.swap(key, value, Only.ABSENT, null).previous;
  }

  @Override
  V storeIfPresent(K key, V value) {
    return cache.swap(key, value, Only.PRESENT, null).previous;
  }

  @Override
  boolean storeIfEqual(K key, V expected, V value) {
    return cache.swap(key, value, Only.EQUAL, expected).replaced;
  }

  @Override
  V delete(K key) {
    return cache.swap(key, null, Only.PRESENT, null).previous;
  }

  @Override
  boolean deleteIfEqual(K key, V expected) {
    return cache.swap(key, null, Only.EQUAL, expected).replaced;
  }
}
