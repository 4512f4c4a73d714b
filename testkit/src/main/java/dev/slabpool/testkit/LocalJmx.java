package dev.slabpool.testkit;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Connects to another local JVM the way JConsole does: through the Attach API, which starts the
 * JVM's local management agent (a JMX connector bound to loopback), then a real
 * {@link JMXConnectorFactory} connection to it.
 */
public final class LocalJmx {
  private LocalJmx() {}

  /** The local connector address of a JVM, starting its management agent if needed. */
  public static JMXServiceURL address(long pid) throws IOException {
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        return new JMXServiceURL(vm.startLocalManagementAgent());
      } finally {
        vm.detach();
      }
    } catch (com.sun.tools.attach.AttachNotSupportedException e) {
      throw new IOException("cannot attach to JVM " + pid, e);
    }
  }

  /** Opens a JMX connection to a local JVM. */
  public static JMXConnector connect(long pid) throws IOException {
    return JMXConnectorFactory.connect(address(pid));
  }
}
