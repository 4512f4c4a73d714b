package dev.slabpool.heatmap;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What one refresh reads of a cache MBean: its slabinfo figures, its policy and every slab.
 * All of it comes from one {@code getAttributes} call, so the figures and the cells agree.
 */
record CacheSnapshot(String name, boolean keyed, boolean reclaimable, String policy,
    int objectSize, long activeObjects, long totalObjects, long activeSlabs, long totalSlabs,
    long partialSlabs, long fullSlabs, long freeSlabs, long bytesHeld, double density,
    long pinnedObjects, long slabsReclaimed, long objectsReclaimed, SlabCells cells) {

  private static final String[] ATTRIBUTES = {"Keyed", "Reclaimable", "Policy", "ObjectSize",
      "ActiveObjects", "TotalObjects", "ActiveSlabs", "TotalSlabs", "PartialSlabs", "FullSlabs",
      "FreeSlabs", "BytesHeld", "Density", "PinnedObjects", "SlabsReclaimed", "ObjectsReclaimed",
      "SlabMap"};

  /**
   * Reads a cache MBean.
   *
   * @throws javax.management.InstanceNotFoundException if the cache went away meanwhile
   */
  static CacheSnapshot read(MBeanServerConnection connection, String name, ObjectName mbean)
      throws IOException, JMException {
    AttributeList list = connection.getAttributes(mbean, ATTRIBUTES);
    Map<String, Object> values = new HashMap<>();
    for (Attribute a : list.asList()) {
      values.put(a.getName(), a.getValue());
    }
    Object map = values.get("SlabMap");
    return new CacheSnapshot(name,
        Boolean.TRUE.equals(values.get("Keyed")),
        Boolean.TRUE.equals(values.get("Reclaimable")),
        String.valueOf(values.getOrDefault("Policy", "slab")),
        number(values, "ObjectSize").intValue(),
        number(values, "ActiveObjects").longValue(),
        number(values, "TotalObjects").longValue(),
        number(values, "ActiveSlabs").longValue(),
        number(values, "TotalSlabs").longValue(),
        number(values, "PartialSlabs").longValue(),
        number(values, "FullSlabs").longValue(),
        number(values, "FreeSlabs").longValue(),
        number(values, "BytesHeld").longValue(),
        number(values, "Density").doubleValue(),
        number(values, "PinnedObjects").longValue(),
        number(values, "SlabsReclaimed").longValue(),
        number(values, "ObjectsReclaimed").longValue(),
        map instanceof CompositeData c ? SlabCells.from(c) : SlabCells.NONE);
  }

  // getAttributes leaves out what it could not read; a missing figure shows as 0.
  private static Number number(Map<String, Object> values, String attribute) {
    return values.get(attribute) instanceof Number n ? n : 0;
  }
}
