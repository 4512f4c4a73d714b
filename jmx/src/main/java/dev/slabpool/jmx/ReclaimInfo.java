package dev.slabpool.jmx;

import dev.slabpool.ReclaimResult;
import dev.slabpool.jmx.client.Reclaimed;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * What one reclaim did, as JMX clients see it: the {@code CompositeData} returned by the
 * {@code reclaim} and {@code reclaimAll} operations and carried by every
 * {@value SlabpoolJmx#RECLAIM_NOTIFICATION} notification. Its items: {@code cache},
 * {@code policy} ({@code slab}, {@code lru}, {@code caffeine}), {@code cause} ({@code REQUEST} or
 * {@code MEMORY_CAP}), {@code slabsFreed}, {@code objectsFreed}, {@code objectsScanned},
 * {@code nanos}, and {@code reclaims}: how many reclaims the record sums (1, except in the
 * notifications that coalesce the memory-cap reclaims of a busy capped cache).
 *
 * <p>The MXBean framework derives the open type from the getters; {@link #TYPE} spells the same
 * type out for the notifications, and {@link #toCompositeData(CompositeType)} is the one mapping
 * used by both.
 */
public final class ReclaimInfo implements CompositeDataView {

  private static final String[] ITEMS = {"cache", "cause", "nanos", "objectsFreed",
      "objectsScanned", "policy", "reclaims", "slabsFreed"};

  /** The open type of the {@code CompositeData}, equal to the one the MXBean framework derives. */
  public static final CompositeType TYPE = compositeType();

  private final String cache;
  private final String policy;
  private final String cause;
  private final long slabsFreed;
  private final long objectsFreed;
  private final long objectsScanned;
  private final long nanos;
  private final long reclaims;

  /** A record of {@code reclaims} reclaims with these totals. */
  public ReclaimInfo(String cache, String policy, String cause, long slabsFreed,
      long objectsFreed, long objectsScanned, long nanos, long reclaims) {
    this.cache = cache;
    this.policy = policy;
    this.cause = cause;
    this.slabsFreed = slabsFreed;
    this.objectsFreed = objectsFreed;
    this.objectsScanned = objectsScanned;
    this.nanos = nanos;
    this.reclaims = reclaims;
  }

  /** The record of one reclaim. */
  public static ReclaimInfo of(ReclaimResult r) {
    return new ReclaimInfo(r.cache(), r.policy().id(), r.cause().name(), r.slabsFreed(),
        r.objectsFreed(), r.objectsScanned(), r.nanos(), 1);
  }

  /**
   * Reads a record back from the {@code CompositeData} a JMX client received, as {@link
   * Reclaimed#from(CompositeData)} does.
   *
   * @throws IllegalArgumentException if an item is missing or of another type
   */
  public static ReclaimInfo from(CompositeData data) {
    Reclaimed r = Reclaimed.from(data);
    return new ReclaimInfo(r.cache(), r.policy(), r.cause(), r.slabsFreed(), r.objectsFreed(),
        r.objectsScanned(), r.nanos(), r.reclaims());
  }

  /** The cache name. */
  public String getCache() {
    return cache;
  }

  /** The order the victims were chosen in: {@code slab}, {@code lru} or {@code caffeine}. */
  public String getPolicy() {
    return policy;
  }

  /** {@code REQUEST} (an operator, code or memory pressure) or {@code MEMORY_CAP}. */
  public String getCause() {
    return cause;
  }

  /** Slabs given back. */
  public long getSlabsFreed() {
    return slabsFreed;
  }

  /** Objects freed, whole-slab and circulation frees together. */
  public long getObjectsFreed() {
    return objectsFreed;
  }

  /** Refcounts read to choose the victims. */
  public long getObjectsScanned() {
    return objectsScanned;
  }

  /** Time taken, in nanoseconds. */
  public long getNanos() {
    return nanos;
  }

  /** How many reclaims this record sums. */
  public long getReclaims() {
    return reclaims;
  }

  /** This record as {@code CompositeData} of {@link #TYPE}. */
  public CompositeData toCompositeData() {
    return toCompositeData(TYPE);
  }

  @Override
  public CompositeData toCompositeData(CompositeType type) {
    Object[] values = {cache, cause, nanos, objectsFreed, objectsScanned, policy, reclaims,
        slabsFreed};
    try {
      return new CompositeDataSupport(type, ITEMS, values);
    } catch (OpenDataException e) {
      throw new IllegalStateException("reclaim record does not fit " + type, e);
    }
  }

  @Override
  public String toString() {
    return String.format("cache '%s' (%s, %s): %d slabs and %d objects freed, %d scanned,"
        + " %.3f ms%s", cache, policy, cause, slabsFreed, objectsFreed, objectsScanned,
        nanos / 1e6, reclaims == 1 ? "" : " over " + reclaims + " reclaims");
  }

  private static CompositeType compositeType() {
    OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG,
        SimpleType.LONG, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG};
    try {
      // The MXBean framework names the type after the class and describes items by their names.
      return new CompositeType(ReclaimInfo.class.getName(), ReclaimInfo.class.getName(), ITEMS,
          ITEMS, types);
    } catch (OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
