package dev.slabpool.heatmap;

import static dev.slabpool.jmx.client.CacheAttribute.ACTIVE_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.ACTIVE_SLABS;
import static dev.slabpool.jmx.client.CacheAttribute.BYTES_HELD;
import static dev.slabpool.jmx.client.CacheAttribute.DENSITY;
import static dev.slabpool.jmx.client.CacheAttribute.FREE_SLABS;
import static dev.slabpool.jmx.client.CacheAttribute.FULL_SLABS;
import static dev.slabpool.jmx.client.CacheAttribute.KEYED;
import static dev.slabpool.jmx.client.CacheAttribute.MOVABLE;
import static dev.slabpool.jmx.client.CacheAttribute.OBJECTS_RECLAIMED;
import static dev.slabpool.jmx.client.CacheAttribute.OBJECT_SIZE;
import static dev.slabpool.jmx.client.CacheAttribute.PARTIAL_SLABS;
import static dev.slabpool.jmx.client.CacheAttribute.PINNED_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.POLICY;
import static dev.slabpool.jmx.client.CacheAttribute.RECLAIMABLE;
import static dev.slabpool.jmx.client.CacheAttribute.REQUESTED_BYTES;
import static dev.slabpool.jmx.client.CacheAttribute.SLABS_RECLAIMED;
import static dev.slabpool.jmx.client.CacheAttribute.SLAB_MAP;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_SLABS;

import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What one refresh reads of a cache MBean: its slabinfo figures, its policy and every slab.
 * All of it comes from one {@code getAttributes} call, so the figures and the cells agree.
 *
 * @param requestedBytes the bytes the values of a payload cache's size class ask for; -1 for a
 *     cache whose slots hold no values, or when the server is too old to say
 */
record CacheSnapshot(String name, boolean keyed, boolean movable, boolean reclaimable,
    String policy, int objectSize, long activeObjects, long totalObjects, long activeSlabs,
    long totalSlabs, long partialSlabs, long fullSlabs, long freeSlabs, long bytesHeld,
    long requestedBytes, double density, long pinnedObjects, long slabsReclaimed,
    long objectsReclaimed, SlabCells cells) {

  private static final List<CacheAttribute<?>> ATTRIBUTES = List.of(KEYED, MOVABLE, RECLAIMABLE,
      POLICY, OBJECT_SIZE, ACTIVE_OBJECTS, TOTAL_OBJECTS, ACTIVE_SLABS, TOTAL_SLABS, PARTIAL_SLABS,
      FULL_SLABS, FREE_SLABS, BYTES_HELD, REQUESTED_BYTES, DENSITY, PINNED_OBJECTS,
      SLABS_RECLAIMED, OBJECTS_RECLAIMED, SLAB_MAP);

  /**
   * Reads a cache MBean. The request leaves out what it could not read: a missing figure shows
   * as 0, a missing policy as {@code slab}, missing slabs as none; a server too old to say
   * whether a cache is movable has only keyed caches movable, and one too old to tell requested
   * bytes has them unknown (-1).
   *
   * @throws javax.management.InstanceNotFoundException if the cache went away meanwhile
   */
  static CacheSnapshot read(SlabpoolClient client, String name, ObjectName mbean)
      throws IOException, JMException {
    CacheReading v = client.read(mbean, ATTRIBUTES);
    CompositeData map = v.get(SLAB_MAP, null);
    boolean keyed = v.get(KEYED, false);
    return new CacheSnapshot(name, keyed, v.get(MOVABLE, keyed), v.get(RECLAIMABLE, false),
        v.get(POLICY, "slab"), v.get(OBJECT_SIZE, 0), v.get(ACTIVE_OBJECTS, 0L),
        v.get(TOTAL_OBJECTS, 0L), v.get(ACTIVE_SLABS, 0L), v.get(TOTAL_SLABS, 0L),
        v.get(PARTIAL_SLABS, 0L), v.get(FULL_SLABS, 0L), v.get(FREE_SLABS, 0L),
        v.get(BYTES_HELD, 0L), v.get(REQUESTED_BYTES, -1L), v.get(DENSITY, 0.0), v.get(PINNED_OBJECTS, 0L),
        v.get(SLABS_RECLAIMED, 0L), v.get(OBJECTS_RECLAIMED, 0L),
        map == null ? SlabCells.NONE : SlabCells.from(map));
  }
}
