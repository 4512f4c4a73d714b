package dev.slabpool.examples.demo;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.slabpool.jmx.ReclaimInfo;
import dev.slabpool.jmx.SlabCacheMXBean;
import dev.slabpool.jmx.SlabpoolJmx;
import java.io.IOException;
import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * An operator's JMX connection to a local JVM by pid, the way JConsole makes it: the Attach API
 * starts the JVM's local management agent (a connector bound to loopback, no port configured),
 * then a real {@link JMXConnectorFactory} connection reads and drives the slabpool MBeans.
 */
public final class CacheConnection implements AutoCloseable {

  /** The figures of a cache that the demo prints, read in one request (one snapshot). */
  public record Figures(long totalSlabs, long activeObjects, long totalObjects, double density,
      long bytesHeld) {
    static final String[] ATTRIBUTES = {"TotalSlabs", "ActiveObjects", "TotalObjects", "Density",
        "BytesHeld"};

    static Figures of(List<Attribute> values) {
      return new Figures((Long) values.get(0).getValue(), (Long) values.get(1).getValue(),
          (Long) values.get(2).getValue(), (Double) values.get(3).getValue(),
          (Long) values.get(4).getValue());
    }
  }

  private final JMXConnector connector;
  private final MBeanServerConnection mbeans;

  private CacheConnection(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.mbeans = connector.getMBeanServerConnection();
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

  /** Whether an MBean is registered, such as the agent's {@code dev.slabpool:type=PinTracer}. */
  public boolean isRegistered(String objectName) throws IOException, JMException {
    return mbeans.isRegistered(new ObjectName(objectName));
  }

  /** A cache's figures, from one snapshot. */
  public Figures figures(String cache) throws IOException, JMException {
    AttributeList values = mbeans.getAttributes(SlabpoolJmx.cacheObjectName(cache),
        Figures.ATTRIBUTES);
    return Figures.of(values.asList());
  }

  /** Asks a cache to free up to {@code pages} slabs; returns what its reclaim did. */
  public ReclaimInfo reclaim(String cache, long pages) {
    return JMX.newMXBeanProxy(mbeans, SlabpoolJmx.cacheObjectName(cache), SlabCacheMXBean.class)
        .reclaim(pages);
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
