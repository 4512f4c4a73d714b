package dev.slabpool.heatmap;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.InvalidKeyException;

/**
 * Every slab of a cache at one moment, as the {@code SlabMap} attribute gives it: what the heat
 * map draws, one cell per slab in the order the slabs were built.
 *
 * @param objectsPerSlab slots per slab
 * @param serial the build number of each slab
 * @param arena the arena each slab belongs to
 * @param active active objects in each slab
 * @param pinned objects with refcount above 1 in each slab
 * @param hot objects the cache's policy holds hot in each slab (those its next reclaim would
 *     move, not evict); 0 for a cache or policy that keeps no access state
 */
record SlabCells(int objectsPerSlab, long[] serial, int[] arena, int[] active,
    int[] pinned, int[] hot) {

  /** No slabs. */
  static final SlabCells NONE = new SlabCells(1, new long[0], new int[0], new int[0],
      new int[0], new int[0]);

  /**
   * Checks the arrays describe the same slabs.
   *
   * @throws IllegalArgumentException if they differ in length or objectsPerSlab is below 1
   */
  public SlabCells {
    if (objectsPerSlab < 1) {
      throw new IllegalArgumentException("objectsPerSlab must be at least 1: " + objectsPerSlab);
    }
    if (serial.length != arena.length || arena.length != active.length
        || active.length != pinned.length || pinned.length != hot.length) {
      throw new IllegalArgumentException("slab map arrays differ in length: serial="
          + serial.length + ", arena=" + arena.length + ", active=" + active.length
          + ", pinned=" + pinned.length + ", hot=" + hot.length);
    }
  }

  /**
   * Reads the {@code SlabMap} composite of a cache MBean. A server older than the {@code hot}
   * item sends none: nothing is hot there.
   *
   * @throws IllegalArgumentException if an item is missing or of another type
   */
  static SlabCells from(CompositeData map) {
    try {
      int[] active = (int[]) map.get("active");
      int[] hot = map.containsKey("hot") ? (int[]) map.get("hot") : new int[active.length];
      return new SlabCells((Integer) map.get("objectsPerSlab"), (long[]) map.get("serial"),
          (int[]) map.get("arena"), active, (int[]) map.get("pinned"), hot);
    } catch (ClassCastException | NullPointerException | InvalidKeyException e) {
      throw new IllegalArgumentException("not a slabpool SlabMap: " + map.getCompositeType(), e);
    }
  }

  /** Number of slabs. */
  int slabs() {
    return serial.length;
  }

  /** Density of slab {@code i}: active objects / objects per slab. */
  double density(int i) {
    return (double) active[i] / objectsPerSlab;
  }

  /** Share of slab {@code i}'s slots holding hot objects, 0 to 1. */
  double hotShare(int i) {
    return (double) hot[i] / objectsPerSlab;
  }
}
