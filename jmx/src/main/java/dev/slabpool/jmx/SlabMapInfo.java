package dev.slabpool.jmx;

import dev.slabpool.SlabMap;
import javax.management.openmbean.CompositeData;

/**
 * Every slab of a cache at one moment, as JMX clients see it (the {@code SlabMap} attribute):
 * {@code CompositeData} with items {@code objectsPerSlab} (int) and the parallel arrays
 * {@code serial} (long[], build number, oldest first), {@code arena}, {@code active},
 * {@code pinned} and {@code hot} (int[]). What a heat map draws.
 *
 * <p>{@code hot} counts the objects of each slab that the cache's policy holds hot (under the
 * {@code hot} policy, the entries its next reclaim would move rather than evict); it is 0 for a
 * cache or policy that keeps no access state. Servers older than that item send no {@code hot};
 * {@link #from} reads its absence as 0 everywhere.
 */
public final class SlabMapInfo {
  private final int objectsPerSlab;
  private final long[] serial;
  private final int[] arena;
  private final int[] active;
  private final int[] pinned;
  private final int[] hot;

  /** A slab map from parallel arrays (not copied). */
  public SlabMapInfo(int objectsPerSlab, long[] serial, int[] arena, int[] active, int[] pinned,
      int[] hot) {
    this.objectsPerSlab = objectsPerSlab;
    this.serial = serial;
    this.arena = arena;
    this.active = active;
    this.pinned = pinned;
    this.hot = hot;
  }

  /** The JMX view of a pool slab map. */
  public static SlabMapInfo of(SlabMap map) {
    return new SlabMapInfo(map.objectsPerSlab(), map.serial(), map.arena(), map.active(),
        map.pinned(), map.hot());
  }

  /** Reads a slab map back from the {@code CompositeData} a JMX client received. */
  public static SlabMapInfo from(CompositeData data) {
    int[] active = (int[]) data.get("active");
    int[] hot = data.containsKey("hot") ? (int[]) data.get("hot") : new int[active.length];
    return new SlabMapInfo((Integer) data.get("objectsPerSlab"), (long[]) data.get("serial"),
        (int[]) data.get("arena"), active, (int[]) data.get("pinned"), hot);
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

  /** Objects the cache's policy holds hot in each slab (0 where it keeps no access state). */
  public int[] getHot() {
    return hot.clone();
  }
}
