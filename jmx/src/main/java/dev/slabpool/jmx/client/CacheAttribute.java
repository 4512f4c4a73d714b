package dev.slabpool.jmx.client;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * An attribute of a cache MBean ({@code dev.slabpool:type=SlabCache,name=<cache>}): its name on
 * the wire and the Java type a client receives. Only the attributes the tools read are here; the
 * jmx module's README lists them all.
 *
 * @param <T> the type of the value
 */
public final class CacheAttribute<T> {

  /** The cache name. */
  public static final CacheAttribute<String> NAME = of("Name", String.class);
  /** Whether the cache is keyed, so that its policy can be switched. */
  public static final CacheAttribute<Boolean> KEYED = of("Keyed", Boolean.class);
  /** Whether the cache can move its objects (keyed, or built with a mover): compact() works. */
  public static final CacheAttribute<Boolean> MOVABLE = of("Movable", Boolean.class);
  /** Whether the cache was built with the RECLAIM flag. */
  public static final CacheAttribute<Boolean> RECLAIMABLE = of("Reclaimable", Boolean.class);
  /** The reclaim policy: {@code slab}, {@code lru} or {@code caffeine}; writable. */
  public static final CacheAttribute<String> POLICY = of("Policy", String.class);
  /** Payload bytes per object. */
  public static final CacheAttribute<Integer> OBJECT_SIZE = of("ObjectSize", Integer.class);
  /** Slots per slab. */
  public static final CacheAttribute<Integer> OBJECTS_PER_SLAB =
      of("ObjectsPerSlab", Integer.class);
  /** Objects allocated and not on a free list (slabinfo {@code active_objs}). */
  public static final CacheAttribute<Long> ACTIVE_OBJECTS = of("ActiveObjects", Long.class);
  /** Slots in all slabs (slabinfo {@code num_objs}). */
  public static final CacheAttribute<Long> TOTAL_OBJECTS = of("TotalObjects", Long.class);
  /** Slabs with at least one active object. */
  public static final CacheAttribute<Long> ACTIVE_SLABS = of("ActiveSlabs", Long.class);
  /** Slabs held. */
  public static final CacheAttribute<Long> TOTAL_SLABS = of("TotalSlabs", Long.class);
  /** Slabs with some but not all slots allocated. */
  public static final CacheAttribute<Long> PARTIAL_SLABS = of("PartialSlabs", Long.class);
  /** Slabs with every slot allocated. */
  public static final CacheAttribute<Long> FULL_SLABS = of("FullSlabs", Long.class);
  /** Slabs with no slot allocated. */
  public static final CacheAttribute<Long> FREE_SLABS = of("FreeSlabs", Long.class);
  /** Slab memory held, in bytes. */
  public static final CacheAttribute<Long> BYTES_HELD = of("BytesHeld", Long.class);
  /**
   * Bytes the values of a payload cache's size class ask for; -1 for a cache whose slots hold no
   * values. Servers older than the attribute do not send it.
   */
  public static final CacheAttribute<Long> REQUESTED_BYTES = of("RequestedBytes", Long.class);
  /** Allocated objects / (slabs x objects per slab); 1.0 without slabs. */
  public static final CacheAttribute<Double> DENSITY = of("Density", Double.class);
  /** Objects in use (refcount above 1). */
  public static final CacheAttribute<Long> PINNED_OBJECTS = of("PinnedObjects", Long.class);
  /** Slabs given back by reclaim since the statistics were reset. */
  public static final CacheAttribute<Long> SLABS_RECLAIMED = of("SlabsReclaimed", Long.class);
  /** Objects freed by reclaim since the statistics were reset. */
  public static final CacheAttribute<Long> OBJECTS_RECLAIMED =
      of("ObjectsReclaimed", Long.class);
  /**
   * Every slab, oldest first: items {@code objectsPerSlab} (int) and the parallel arrays
   * {@code serial} (long[]), {@code arena}, {@code active} and {@code pinned} (int[]).
   */
  public static final CacheAttribute<CompositeData> SLAB_MAP =
      of("SlabMap", CompositeData.class);

  private final String name;
  private final Class<T> type;

  private CacheAttribute(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  private static <T> CacheAttribute<T> of(String name, Class<T> type) {
    return new CacheAttribute<>(name, type);
  }

  /** The attribute's name on the wire, such as {@code TotalSlabs}. */
  public String name() {
    return name;
  }

  /** The class of its values as a client receives them (a wrapper for a primitive). */
  public Class<T> type() {
    return type;
  }

  /** A value of this attribute read from {@code mbean}, checked to be of its type. */
  T cast(ObjectName mbean, Object value) {
    return SlabpoolClient.checked(type, value, mbean, name);
  }

  @Override
  public String toString() {
    return name;
  }
}
