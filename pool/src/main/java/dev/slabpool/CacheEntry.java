package dev.slabpool;

/**
 * One cached mapping of a {@link KeyedCache}, as {@link KeyedCache#lookup} hands it out with a
 * reference taken. Entries live in slabs and are reused for other keys once freed, so an entry
 * must not be used after it is {@linkplain KeyedCache#release released}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface CacheEntry<K, V> {
  /** The key, while the caller holds a reference. */
  K key();

  /** The value, while the caller holds a reference. */
  V value();
}
