package dev.slabpool.heatmap;

import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import javax.management.MBeanServerConnection;

/**
 * Whether a JVM is one the slabs panel can show: the check a tool makes before it offers the tab.
 * The panel reads the MBeans through the jmx module's {@link SlabpoolClient}.
 */
public final class SlabpoolMBeans {
  private SlabpoolMBeans() {}

  /** Whether the JVM behind {@code connection} has any slabpool MBean. */
  public static boolean present(MBeanServerConnection connection) throws IOException {
    return new SlabpoolClient(connection).present();
  }
}
