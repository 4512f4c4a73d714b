package dev.slabpool;

import java.util.List;

/**
 * The victim order of a baseline policy (LRU or Caffeine's). The slab policy has none: its
 * victims are chosen by the slab allocator, and its hot path records nothing.
 *
 * <p>Implementations are told about entries outside the index's locks, so they may briefly hold
 * entries that left the index; {@link #victims} skips and forgets those.
 */
interface EvictionOrder<K, V> {

  ReclaimPolicy policy();

  void inserted(K key, KeyedEntry<K, V> e);

  void accessed(K key, KeyedEntry<K, V> e);

  void removed(K key, KeyedEntry<K, V> e);

  /** Up to {@code max} linked, unused (refcount 1) entries, coldest first. */
  List<KeyedEntry<K, V>> victims(int max);

  /** The capacity in objects, for orders that size themselves by it. */
  void capacity(long objects);
}
