package dev.slabpool.keyed;

import dev.slabpool.PooledObject;

/**
 * One cached mapping of a {@link KeyedCache}: the dentry of the analogy. Entries live in slabs and
 * are reused for other keys once freed, so an entry must not be used after it is released.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheEntry<K, V> extends PooledObject {
  // Publication order: value, then key (volatile), then linked (volatile, set inside the index's
  // compute that puts the entry in). A reader that took a reference and sees linked and the key
  // it looked up also sees the value written with them.
  V value;
  volatile K key;
  /** Whether the entry is in the index: set by whoever puts it in, cleared by whoever takes it out. */
  volatile boolean linked;

  CacheEntry() {}

  /** The key, while the caller holds a reference. */
  public K key() {
    return key;
  }

  /** The value, while the caller holds a reference. */
  public V value() {
    return value;
  }

  /** Marks the entry linked; called inside the index's compute that puts it in. */
  CacheEntry<K, V> linkIn() {
    linked = true;
    return this;
  }

  void clear() {
    linked = false;
    key = null;
    value = null;
  }

  @Override
  public String toString() {
    return "CacheEntry[" + key + "]";
  }
}
