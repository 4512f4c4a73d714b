package dev.slabpool.examples.http;

import dev.slabpool.SlabCacheStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** A cache's slab statistics as a JSON object, with the names the MBeans use. */
public final class StatsJson {
  private StatsJson() {}

  /** Every field of the snapshot, density included. */
  public static Map<String, Object> of(SlabCacheStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("policy", s.policy().id());
    m.put("reclaimable", s.reclaimable());
    m.put("arenas", s.arenas());
    m.put("objectSize", s.objectSize());
    m.put("objectsPerSlab", s.objectsPerSlab());
    m.put("activeObjects", s.activeObjects());
    m.put("totalObjects", s.totalObjects());
    m.put("activeSlabs", s.activeSlabs());
    m.put("totalSlabs", s.totalSlabs());
    m.put("partialSlabs", s.partialSlabs());
    m.put("freeSlabs", s.freeSlabs());
    m.put("fullSlabs", s.fullSlabs());
    m.put("bytesHeld", s.bytesHeld());
    m.put("density", s.density());
    m.put("memoryCapSlabs", s.memoryCapSlabs() == Long.MAX_VALUE ? null : s.memoryCapSlabs());
    m.put("pinnedObjects", s.pinnedObjects());
    m.put("occupancy", s.occupancy());
    m.put("slabsReclaimed", s.slabsReclaimed());
    m.put("objectsReclaimed", s.objectsReclaimed());
    m.put("circulationFrees", s.circulationFrees());
    m.put("destructorRefusals", s.destructorRefusals());
    return m;
  }
}
