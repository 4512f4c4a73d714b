package dev.slabpool;

/**
 * The pooled object behind a {@link CacheEntry}: the dentry of the analogy. Entries live in slabs
 * and are reused for other keys once freed. A {@link PayloadCache}'s entries ({@link
 * PayloadEntry}) keep their value in the slot's payload instead of {@link #value}.
 */
class KeyedEntry<K, V> extends PooledObject implements CacheEntry<K, V> {
  // Publication order: value, then key (volatile), then linked (volatile, set inside the index's
  // compute that puts the entry in). A reader that took a reference and sees linked and the key
  // it looked up also sees the value written with them.
  V value;
  volatile K key;
  /** Whether the entry is in the index: set by whoever puts it in, cleared by whoever takes it out. */
  volatile boolean linked;
  /**
   * Hits not yet worn off, 0 to {@link #HEAT_MAX}: raised by a lookup hit, lowered by each sweep
   * of the hot-aware policy. Plain and racy by design: a lost update costs one hit's worth of
   * heat, and a hit writes only when the value changes, so a saturated hot entry is read-only.
   */
  byte heat;
  /**
   * The round of the hot policy's hand that last looked at this entry (0: none), so that an entry
   * moved ahead of the hand by a compaction in the middle of a round is not cooled twice in it.
   * Written and read by the reclaim only, which runs one at a time per cache.
   */
  byte sweep;

  /** The highest heat: an entry hit this often survives that many sweeps without a hit. */
  static final int HEAT_MAX = 3;

  KeyedEntry() {}

  @Override
  public K key() {
    return key;
  }

  @Override
  public V value() {
    return value;
  }

  /**
   * Counts a hit; writes only while the heat is below its maximum.
   *
   * @return whether the heat rose
   */
  boolean touch() {
    int h = heat;
    if (h < HEAT_MAX) {
      heat = (byte) (h + 1);
      return true;
    }
    return false;
  }

  /**
   * One sweep's decay: lowers the heat of an entry that has some.
   *
   * @return whether it had any (it stays); {@code false} means it is cold
   */
  boolean cool() {
    int h = heat;
    if (h == 0) {
      return false;
    }
    heat = (byte) (h - 1);
    return true;
  }

  /** Marks the entry linked; called inside the index's compute that puts it in. */
  KeyedEntry<K, V> linkIn() {
    linked = true;
    return this;
  }

  void clear() {
    linked = false;
    heat = 0;
    sweep = 0;
    key = null;
    value = null;
  }

  @Override
  public String toString() {
    return "CacheEntry[" + key + "]";
  }
}
