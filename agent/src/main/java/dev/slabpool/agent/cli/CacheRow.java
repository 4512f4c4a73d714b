package dev.slabpool.agent.cli;

import static dev.slabpool.jmx.client.CacheAttribute.ACTIVE_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.BYTES_HELD;
import static dev.slabpool.jmx.client.CacheAttribute.DENSITY;
import static dev.slabpool.jmx.client.CacheAttribute.KEYED;
import static dev.slabpool.jmx.client.CacheAttribute.NAME;
import static dev.slabpool.jmx.client.CacheAttribute.OBJECTS_PER_SLAB;
import static dev.slabpool.jmx.client.CacheAttribute.OBJECTS_RECLAIMED;
import static dev.slabpool.jmx.client.CacheAttribute.OBJECT_SIZE;
import static dev.slabpool.jmx.client.CacheAttribute.PARTIAL_SLABS;
import static dev.slabpool.jmx.client.CacheAttribute.PINNED_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.POLICY;
import static dev.slabpool.jmx.client.CacheAttribute.RECLAIMABLE;
import static dev.slabpool.jmx.client.CacheAttribute.REQUESTED_BYTES;
import static dev.slabpool.jmx.client.CacheAttribute.SLABS_RECLAIMED;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_SLABS;

import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * One cache as the command line shows it, read from its MBean in one request.
 *
 * @param bytes slab memory held
 * @param requested bytes the values of a payload cache's size class ask for; -1 for a cache
 *     whose slots hold no values, and from a server older than the attribute
 * @param slabsReclaimed slabs reclaim gave back since the statistics were reset
 * @param objectsReclaimed objects reclaim freed since the statistics were reset
 */
record CacheRow(String name, boolean keyed, boolean reclaimable, String policy, long objects,
    long active, double density, int objectSize, long slabs, long partial, int objectsPerSlab,
    long bytes, long requested, long pinned, long slabsReclaimed, long objectsReclaimed) {

  private static final List<CacheAttribute<?>> ATTRIBUTES = List.of(NAME, KEYED, RECLAIMABLE,
      POLICY, TOTAL_OBJECTS, ACTIVE_OBJECTS, DENSITY, OBJECT_SIZE, TOTAL_SLABS, PARTIAL_SLABS,
      OBJECTS_PER_SLAB, BYTES_HELD, REQUESTED_BYTES, PINNED_OBJECTS, SLABS_RECLAIMED,
      OBJECTS_RECLAIMED);

  /** Every cache of the JVM, in no particular order; caches that vanish meanwhile are skipped. */
  static List<CacheRow> readAll(SlabpoolClient client) throws IOException, JMException {
    List<CacheRow> rows = new ArrayList<>();
    for (ObjectName name : client.caches().values()) {
      try {
        rows.add(of(client.read(name, ATTRIBUTES)));
      } catch (InstanceNotFoundException e) {
        // destroyed between the query and the read
      }
    }
    return rows;
  }

  private static CacheRow of(CacheReading v) {
    return new CacheRow(v.get(NAME), v.get(KEYED), v.get(RECLAIMABLE), v.get(POLICY),
        v.get(TOTAL_OBJECTS), v.get(ACTIVE_OBJECTS), v.get(DENSITY), v.get(OBJECT_SIZE),
        v.get(TOTAL_SLABS), v.get(PARTIAL_SLABS), v.get(OBJECTS_PER_SLAB), v.get(BYTES_HELD),
        v.get(REQUESTED_BYTES, -1L), v.get(PINNED_OBJECTS), v.get(SLABS_RECLAIMED),
        v.get(OBJECTS_RECLAIMED));
  }
}
