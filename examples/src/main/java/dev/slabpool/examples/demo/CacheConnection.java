package dev.slabpool.examples.demo;

import static dev.slabpool.jmx.client.CacheAttribute.ACTIVE_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.BYTES_HELD;
import static dev.slabpool.jmx.client.CacheAttribute.DENSITY;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_OBJECTS;
import static dev.slabpool.jmx.client.CacheAttribute.TOTAL_SLABS;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.Reclaimed;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * An operator's JMX connection to a local JVM by pid, the way JConsole makes it: the Attach API
 * starts the JVM's local management agent (a connector bound to loopback, no port configured),
 * then a real {@link JMXConnectorFactory} connection reads and drives the slabpool MBeans through
 * the jmx module's {@link SlabpoolClient}.
 */
public final class CacheConnection implements AutoCloseable {

  /** The figures of a cache that the demo prints, read in one request (one snapshot). */
  public record Figures(long totalSlabs, long activeObjects, long totalObjects, double density,
      long bytesHeld) {
    static final List<CacheAttribute<?>> ATTRIBUTES = List.of(TOTAL_SLABS, ACTIVE_OBJECTS,
        TOTAL_OBJECTS, DENSITY, BYTES_HELD);

    static Figures of(CacheReading values) {
      return new Figures(values.get(TOTAL_SLABS), values.get(ACTIVE_OBJECTS),
          values.get(TOTAL_OBJECTS), values.get(DENSITY), values.get(BYTES_HELD));
    }
  }

  private final JMXConnector connector;
  private final MBeanServerConnection mbeans;
  private final SlabpoolClient client;

  private CacheConnection(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.mbeans = connector.getMBeanServerConnection();
    this.client = new SlabpoolClient(mbeans);
  }

  /**
   * Attaches to the JVM with this pid and connects to its local management agent.
   *
   * @throws IOException if the JVM cannot be attached to or connected
   */
  public static CacheConnection attach(long pid) throws IOException {
    String address;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
    }
    return new CacheConnection(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** The MBean server of the JVM. */
  public MBeanServerConnection mbeans() {
    return mbeans;
  }

  /** Whether the JVM has the slabpool agent's MBeans (its {@code dev.slabpool:type=PinTracer}). */
  public boolean hasAgent() throws IOException {
    return client.hasPinTracer();
  }

  /** A cache's figures, from one snapshot. */
  public Figures figures(String cache) throws IOException, JMException {
    return Figures.of(client.read(SlabpoolClient.cacheObjectName(cache), Figures.ATTRIBUTES));
  }

  /** Asks a cache to compact; returns the slabs it gave back. */
  public long compact(String cache) throws IOException, JMException {
    return client.compact(SlabpoolClient.cacheObjectName(cache));
  }

  /** Asks a cache to free up to {@code pages} slabs; returns what its reclaim did. */
  public Reclaimed reclaim(String cache, long pages) throws IOException, JMException {
    return client.reclaim(SlabpoolClient.cacheObjectName(cache), pages);
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
