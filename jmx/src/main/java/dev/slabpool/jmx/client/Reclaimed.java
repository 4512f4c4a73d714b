package dev.slabpool.jmx.client;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.InvalidKeyException;

/**
 * What a reclaim did: the {@code CompositeData} the {@code reclaim} operation returns, read back.
 * The components are its items, by the same names.
 *
 * @param cache the cache name
 * @param policy the order the victims were chosen in: {@code slab}, {@code lru} or
 *     {@code caffeine}
 * @param cause {@code REQUEST} or {@code MEMORY_CAP}
 * @param slabsFreed slabs given back
 * @param objectsFreed objects freed
 * @param objectsScanned refcounts read to choose the victims
 * @param nanos time taken, in nanoseconds
 * @param reclaims how many reclaims the record sums (1 but in coalesced notifications)
 */
public record Reclaimed(String cache, String policy, String cause, long slabsFreed,
    long objectsFreed, long objectsScanned, long nanos, long reclaims) {

  /**
   * Reads a reclaim record.
   *
   * @throws IllegalArgumentException if an item is missing or of another type
   */
  public static Reclaimed from(CompositeData data) {
    try {
      return new Reclaimed((String) data.get("cache"), (String) data.get("policy"),
          (String) data.get("cause"), (Long) data.get("slabsFreed"),
          (Long) data.get("objectsFreed"), (Long) data.get("objectsScanned"),
          (Long) data.get("nanos"), (Long) data.get("reclaims"));
    } catch (ClassCastException | NullPointerException | InvalidKeyException e) {
      throw new IllegalArgumentException("not a slabpool reclaim record: "
          + data.getCompositeType(), e);
    }
  }
}
