package dev.slabpool.heatmap;

import javax.management.MBeanServerConnection;

/** Where the slabs panel gets its JMX connection from: the tool hosting it. */
@FunctionalInterface
public interface JmxSource {
  /**
   * The connection to the watched JVM, or {@code null} while the tool is not connected. Called
   * off the event dispatch thread.
   */
  MBeanServerConnection connection();
}
