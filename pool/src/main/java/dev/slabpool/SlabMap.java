package dev.slabpool;

/**
 * Every slab of a cache at one moment, in the order the slabs were built: what a heat map draws.
 *
 * @param objectsPerSlab slots per slab
 * @param serial the build number of each slab (older slabs have smaller numbers)
 * @param arena the arena each slab belongs to
 * @param active active objects in each slab
 * @param pinned objects with refcount above 1 in each slab
 * @param hot objects in each slab that the policy counts as hot: under the {@code hot} policy,
 *     entries hit since its hand last passed (what its next reclaim would move, not evict); 0
 *     everywhere for a cache or policy that keeps no access state
 */
public record SlabMap(int objectsPerSlab, long[] serial, int[] arena, int[] active, int[] pinned,
    int[] hot) {

  /** Copies the arrays so the snapshot stays immutable. */
  public SlabMap {
    serial = serial.clone();
    arena = arena.clone();
    active = active.clone();
    pinned = pinned.clone();
    hot = hot.clone();
    if (serial.length != arena.length || arena.length != active.length
        || active.length != pinned.length || pinned.length != hot.length) {
      throw new IllegalArgumentException("slab map arrays differ in length");
    }
  }

  /** Number of slabs. */
  public int slabs() {
    return serial.length;
  }

  /** Density of slab {@code i}: active objects / objects per slab. */
  public double density(int i) {
    return (double) active[i] / objectsPerSlab;
  }

  @Override
  public long[] serial() {
    return serial.clone();
  }

  @Override
  public int[] arena() {
    return arena.clone();
  }

  @Override
  public int[] active() {
    return active.clone();
  }

  @Override
  public int[] pinned() {
    return pinned.clone();
  }

  @Override
  public int[] hot() {
    return hot.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlabMap m && objectsPerSlab == m.objectsPerSlab
        && java.util.Arrays.equals(serial, m.serial) && java.util.Arrays.equals(arena, m.arena)
        && java.util.Arrays.equals(active, m.active) && java.util.Arrays.equals(pinned, m.pinned)
        && java.util.Arrays.equals(hot, m.hot);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(serial) * 31 + java.util.Arrays.hashCode(active);
  }

  @Override
  public String toString() {
    return "SlabMap[slabs=" + slabs() + ", objectsPerSlab=" + objectsPerSlab + "]";
  }
}
