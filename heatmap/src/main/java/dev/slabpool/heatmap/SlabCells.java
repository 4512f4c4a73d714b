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
 */
record SlabCells(int objectsPerSlab, long[] serial, int[] arena, int[] active,
    int[] pinned) {

  /** No slabs. */
  static final SlabCells NONE = new SlabCells(1, new long[0], new int[0], new int[0],
      new int[0]);

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
        || active.length != pinned.length) {
      throw new IllegalArgumentException("slab map arrays differ in length: serial="
          + serial.length + ", arena=" + arena.length + ", active=" + active.length
          + ", pinned=" + pinned.length);
    }
  }

  /**
   * Reads the {@code SlabMap} composite of a cache MBean.
   *
   * @throws IllegalArgumentException if an item is missing or of another type
   */
  static SlabCells from(CompositeData map) {
    try {
      return new SlabCells((Integer) map.get("objectsPerSlab"), (long[]) map.get("serial"),
          (int[]) map.get("arena"), (int[]) map.get("active"), (int[]) map.get("pinned"));
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
}
