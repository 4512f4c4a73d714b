package dev.slabpool.heatmap;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The names of the slabpool MBeans (module {@code jmx}) that the tools read: the only coupling
 * between the plugins and the JVM they watch.
 */
public final class SlabpoolMBeans {
  /** Every slabpool MBean. */
  public static final ObjectName ANY = name("dev.slabpool:*");
  /** One MBean per live cache: {@code dev.slabpool:type=SlabCache,name=<cache>}. */
  public static final ObjectName CACHES = name("dev.slabpool:type=SlabCache,*");

  private SlabpoolMBeans() {}

  /** Whether the JVM behind {@code connection} has any slabpool MBean. */
  public static boolean present(MBeanServerConnection connection) throws IOException {
    return !connection.queryNames(ANY, null).isEmpty();
  }

  /** The cache MBeans of the JVM, by cache name, in name order. */
  public static Map<String, ObjectName> caches(MBeanServerConnection connection)
      throws IOException {
    Set<ObjectName> names = connection.queryNames(CACHES, null);
    Map<String, ObjectName> byCache = new TreeMap<>();
    for (ObjectName n : names) {
      byCache.put(cacheName(n), n);
    }
    return byCache;
  }

  /** The cache name in an MBean name, unquoted when the jmx module had to quote it. */
  static String cacheName(ObjectName mbean) {
    String name = mbean.getKeyProperty("name");
    if (name == null) {
      return mbean.getCanonicalName();
    }
    return name.startsWith("\"") ? ObjectName.unquote(name) : name;
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
