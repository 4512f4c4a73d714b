package dev.slabpool.jmx;

import dev.slabpool.SlabMap;
import javax.management.openmbean.CompositeData;

/**
 * Every slab of a cache at one moment, as JMX clients see it (the {@code SlabMap} attribute):
 * {@code CompositeData} with items {@code objectsPerSlab} (int) and the parallel arrays
 * {@code serial} (long[], build number, oldest first), {@code arena}, {@code active} and
 * {@code pinned} (int[]). What a heat map draws.
 */
public final class SlabMapInfo {
  private final int objectsPerSlab;
  private final long[] serial;
  private final int[] arena;
  private final int[] active;
  private final int[] pinned;

  /** A slab map from parallel arrays (not copied). */
  public SlabMapInfo(int objectsPerSlab, long[] serial, int[] arena, int[] active, int[] pinned) {
    this.objectsPerSlab = objectsPerSlab;
    this.serial = serial;
    this.arena = arena;
    this.active = active;
    this.pinned = pinned;
  }

  /** The JMX view of a pool slab map. */
  public static SlabMapInfo of(SlabMap map) {
    return new SlabMapInfo(map.objectsPerSlab(), map.serial(), map.arena(), map.active(),
        map.pinned());
  }

  /** Reads a slab map back from the {@code CompositeData} a JMX client received. */
  public static SlabMapInfo from(CompositeData data) {
    return new SlabMapInfo((Integer) data.get("objectsPerSlab"), (long[]) data.get("serial"),
        (int[]) data.get("arena"), (int[]) data.get("active"), (int[]) data.get("pinned"));
  }

  /** Slots per slab. */
  public int getObjectsPerSlab() {
    return objectsPerSlab;
  }

  /** Build number of each slab; smaller is older. */
  public long[] getSerial() {
    return serial.clone();
  }

  /** Arena of each slab. */
  public int[] getArena() {
    return arena.clone();
  }

  /** Active objects in each slab. */
  public int[] getActive() {
    return active.clone();
  }

  /** Objects in use (refcount above 1) in each slab. */
  public int[] getPinned() {
    return pinned.clone();
  }
}
