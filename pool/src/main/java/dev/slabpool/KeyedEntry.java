package dev.slabpool;

/**
 * The pooled object behind a {@link CacheEntry}: the dentry of the analogy. Entries live in slabs
 * and are reused for other keys once freed.
 */
final class KeyedEntry<K, V> extends PooledObject implements CacheEntry<K, V> {
  // Publication order: value, then key (volatile), then linked (volatile, set inside the index's
  // compute that puts the entry in). A reader that took a reference and sees linked and the key
  // it looked up also sees the value written with them.
  V value;
  volatile K key;
  /** Whether the entry is in the index: set by whoever puts it in, cleared by whoever takes it out. */
  volatile boolean linked;

  KeyedEntry() {}

  @Override
  public K key() {
    return key;
  }

  @Override
  public V value() {
    return value;
  }

  /** Marks the entry linked; called inside the index's compute that puts it in. */
  KeyedEntry<K, V> linkIn() {
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
