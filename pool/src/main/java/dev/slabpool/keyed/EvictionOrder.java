package dev.slabpool.keyed;

import dev.slabpool.ReclaimPolicy;
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

  void inserted(K key, CacheEntry<K, V> e);

  void accessed(K key, CacheEntry<K, V> e);

  void removed(K key, CacheEntry<K, V> e);

  /** Up to {@code max} linked, unused (refcount 1) entries, coldest first. */
  List<CacheEntry<K, V>> victims(int max);

  /** The capacity in objects, for orders that size themselves by it. */
  void capacity(long objects);
}
