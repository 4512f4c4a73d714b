package dev.slabpool.jmx.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The slabpool MBeans of one JVM, read and driven over an {@link MBeanServerConnection}: the one
 * place that names them, for the MBeans' own registration as for their clients.
 *
 * <pre>{@code
 * SlabpoolClient client = new SlabpoolClient(connection);
 * for (ObjectName cache : client.caches().values()) {
 *   CacheReading r = client.read(cache, List.of(CacheAttribute.NAME, CacheAttribute.DENSITY));
 *   System.out.println(r.get(CacheAttribute.NAME) + " " + r.get(CacheAttribute.DENSITY));
 * }
 * }</pre>
 *
 * <p>Every method passes on what the connection throws, unchanged: an {@link IOException} when
 * the connection is lost, an {@link javax.management.InstanceNotFoundException} when the MBean
 * went away, and what the MBean refused wrapped as JMX wraps it (a {@link
 * javax.management.RuntimeMBeanException} around an {@link IllegalArgumentException}, say). A
 * value of another type than this client expects fails with an {@link IllegalStateException}.
 */
public final class SlabpoolClient {

  /** The JMX domain of every slabpool MBean. */
  public static final String DOMAIN = "dev.slabpool";
  /** The slab allocator MXBean: totals, reclaim across caches, memory pressure. */
  public static final ObjectName ALLOCATOR = objectName(DOMAIN + ":type=SlabAllocator");
  /** The pin tracer MBean, registered by the slabpool agent only. */
  public static final ObjectName PIN_TRACER = objectName(DOMAIN + ":type=PinTracer");
  /** The pattern of every cache MBean: {@code dev.slabpool:type=SlabCache,name=*}. */
  public static final ObjectName CACHES = cacheObjectName("*");
  private static final ObjectName ANY = objectName(DOMAIN + ":*");

  private final MBeanServerConnection connection;

  /** A client of the slabpool MBeans behind {@code connection}. */
  public SlabpoolClient(MBeanServerConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * The object name of a cache's MBean: {@code dev.slabpool:type=SlabCache,name=<cache>}.
   *
   * @throws IllegalArgumentException if the cache name cannot be part of an object name
   */
  public static ObjectName cacheObjectName(String cache) {
    return objectName(DOMAIN + ":type=SlabCache,name=" + cache);
  }

  /** Whether the JVM has any slabpool MBean. */
  public boolean present() throws IOException {
    return !connection.queryNames(ANY, null).isEmpty();
  }

  /** Whether the JVM has the slabpool agent's MBeans (its {@link #PIN_TRACER}). */
  public boolean hasPinTracer() throws IOException {
    return connection.isRegistered(PIN_TRACER);
  }

  /** The cache MBeans of the JVM by cache name, in name order. */
  public SortedMap<String, ObjectName> caches() throws IOException {
    SortedMap<String, ObjectName> byName = new TreeMap<>();
    for (ObjectName mbean : connection.queryNames(CACHES, null)) {
      byName.put(mbean.getKeyProperty("name"), mbean);
    }
    return byName;
  }

  /** Reads attributes of a cache MBean in one request, so from one snapshot. */
  public CacheReading read(ObjectName cache, List<CacheAttribute<?>> attributes)
      throws IOException, JMException {
    String[] names = attributes.stream().map(CacheAttribute::name).toArray(String[]::new);
    return new CacheReading(cache, connection.getAttributes(cache, names));
  }

  /** Reads one attribute of a cache MBean. */
  public <T> T get(ObjectName cache, CacheAttribute<T> attribute)
      throws IOException, JMException {
    return attribute.cast(cache, connection.getAttribute(cache, attribute.name()));
  }

  /**
   * Sets a cache's reclaim policy: {@code slab}, or on keyed caches {@code lru} or
   * {@code caffeine}.
   */
  public void setPolicy(ObjectName cache, String policy) throws IOException, JMException {
    connection.setAttribute(cache, new Attribute(CacheAttribute.POLICY.name(), policy));
  }

  /** Frees up to {@code pages} slabs of a cache, in the order of its policy. */
  public Reclaimed reclaim(ObjectName cache, long pages) throws IOException, JMException {
    Object reply = connection.invoke(cache, "reclaim", new Object[] {pages},
        new String[] {long.class.getName()});
    return Reclaimed.from(checked(CompositeData.class, reply, cache, "reclaim"));
  }

  /**
   * Compacts a keyed cache: moves its unused entries out of the sparsest slabs into denser ones'
   * holes, evicting nothing.
   *
   * @return the slabs given back
   */
  public long compact(ObjectName cache) throws IOException, JMException {
    return checked(Long.class, connection.invoke(cache, "compact", new Object[0], new String[0]),
        cache, "compact");
  }

  /** The caches the pin tracer traces, {@code ["*"]} for every cache; empty when it is off. */
  public String[] tracedCaches() throws IOException, JMException {
    return checked(String[].class, connection.getAttribute(PIN_TRACER, "TracedCaches"),
        PIN_TRACER, "TracedCaches");
  }

  /** Turns pin tracing on for a cache, or for every cache with {@code *}. */
  public void enableTracing(String cache) throws IOException, JMException {
    connection.invoke(PIN_TRACER, "enable", new Object[] {cache},
        new String[] {String.class.getName()});
  }

  /** Turns pin tracing off for a cache, or for every cache with {@code *}. */
  public void disableTracing(String cache) throws IOException, JMException {
    connection.invoke(PIN_TRACER, "disable", new Object[] {cache},
        new String[] {String.class.getName()});
  }

  /** The call sites holding the most references of a traced cache, and its oldest holders. */
  public String traceReport(String cache, int limit) throws IOException, JMException {
    Object report = connection.invoke(PIN_TRACER, "report", new Object[] {cache, limit},
        new String[] {String.class.getName(), int.class.getName()});
    return checked(String.class, report, PIN_TRACER, "report");
  }

  /**
   * The call sites holding the most references of a traced cache, most first: composites with
   * the items {@code callSite} (String) and {@code references} (long).
   */
  public CompositeData[] topCallSites(String cache, int limit) throws IOException, JMException {
    return tracerRows("topCallSites", cache, limit);
  }

  /**
   * The references of a traced cache held the longest, oldest first: composites with the items
   * {@code callSite}, {@code thread}, {@code object} (String) and {@code ageMillis} (long).
   */
  public CompositeData[] oldestHolders(String cache, int limit) throws IOException, JMException {
    return tracerRows("oldestHolders", cache, limit);
  }

  private CompositeData[] tracerRows(String operation, String cache, int limit)
      throws IOException, JMException {
    Object rows = connection.invoke(PIN_TRACER, operation, new Object[] {cache, limit},
        new String[] {String.class.getName(), int.class.getName()});
    return checked(CompositeData[].class, rows, PIN_TRACER, operation);
  }

  /** {@code value}, which {@code what} of {@code mbean} returned, as a {@code type}. */
  static <T> T checked(Class<T> type, Object value, ObjectName mbean, String what) {
    if (value != null && !type.isInstance(value)) {
      throw new IllegalStateException(what + " of " + mbean + " is a "
          + value.getClass().getTypeName() + ", not a " + type.getTypeName());
    }
    return type.cast(value);
  }

  private static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("not a JMX object name: " + name, e);
    }
  }
}
