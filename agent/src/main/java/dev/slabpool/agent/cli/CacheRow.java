package dev.slabpool.agent.cli;

import dev.slabpool.jmx.SlabpoolJmx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** One cache as the command line shows it, read from its MBean in one request. */
record CacheRow(String name, boolean keyed, boolean reclaimable, String policy, long objects,
    long active, double density, int objectSize, long slabs, long partial, int objectsPerSlab,
    long bytes, long pinned) {

  private static final String[] ATTRIBUTES = {"Name", "Keyed", "Reclaimable", "Policy",
      "TotalObjects", "ActiveObjects", "Density", "ObjectSize", "TotalSlabs", "PartialSlabs",
      "ObjectsPerSlab", "BytesHeld", "PinnedObjects"};

  /**
   * The object name of a cache's MBean ({@code dev.slabpool:type=SlabCache,name=<cache>}).
   *
   * @throws IllegalArgumentException if the name cannot be part of an object name
   */
  static ObjectName objectName(String cache) {
    return Target.objectName(SlabpoolJmx.DOMAIN + ":type=SlabCache,name=" + cache);
  }

  /** Every cache of the JVM, in no particular order; caches that vanish meanwhile are skipped. */
  static List<CacheRow> readAll(MBeanServerConnection mbeans) throws IOException, JMException {
    List<CacheRow> rows = new ArrayList<>();
    for (ObjectName name : mbeans.queryNames(objectName("*"), null)) {
      try {
        rows.add(read(mbeans, name));
      } catch (InstanceNotFoundException e) {
        // destroyed between the query and the read
      }
    }
    return rows;
  }

  private static CacheRow read(MBeanServerConnection mbeans, ObjectName name)
      throws IOException, JMException {
    Map<String, Object> v = new HashMap<>();
    for (Attribute a : mbeans.getAttributes(name, ATTRIBUTES).asList()) {
      v.put(a.getName(), a.getValue());
    }
    return new CacheRow((String) v.get("Name"), (Boolean) v.get("Keyed"),
        (Boolean) v.get("Reclaimable"), (String) v.get("Policy"), (Long) v.get("TotalObjects"),
        (Long) v.get("ActiveObjects"), (Double) v.get("Density"), (Integer) v.get("ObjectSize"),
        (Long) v.get("TotalSlabs"), (Long) v.get("PartialSlabs"),
        (Integer) v.get("ObjectsPerSlab"), (Long) v.get("BytesHeld"),
        (Long) v.get("PinnedObjects"));
  }
}
