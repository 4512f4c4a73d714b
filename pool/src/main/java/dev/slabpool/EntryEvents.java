package dev.slabpool;

/**
 * What a keyed cache's policy hears of its entries, when the policy keeps state of its own beside
 * the slabs: an order of entries (LRU, Caffeine's) or their heat (the hot-aware policy). Called
 * with no lock held, on the thread of the operation.
 *
 * @param <K> key type
 * @param <V> value type
 */
interface EntryEvents<K, V> {
  /** An entry was linked into the index under {@code key}. */
  void inserted(K key, KeyedEntry<K, V> e);

  /** A lookup found the entry. */
  void accessed(K key, KeyedEntry<K, V> e);

  /** The entry left the index. */
  void removed(K key, KeyedEntry<K, V> e);

  /** The cache's capacity in entries changed (its memory cap did). */
  void capacity(long objects);
}
