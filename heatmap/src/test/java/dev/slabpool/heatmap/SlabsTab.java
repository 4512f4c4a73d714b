package dev.slabpool.heatmap;

import dev.slabpool.testkit.LocalJmx;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * What both GUI tests do on the Slabs tab of a tool watching a {@link SlabsHost}: the driver
 * steps (screenshot, Reclaim, screenshot) and the check through JMX that the slabs went.
 */
public final class SlabsTab {
  /** Slabs the tests reclaim with the button. */
  public static final int PAGES = 8;

  private SlabsTab() {}

  /**
   * Driver steps, once the tool shows the host: open the Slabs tab, wait for the buffers heat
   * map, screenshot, reclaim {@link #PAGES} slabs, wait for the outcome, screenshot again; then
   * select the keyed cache, whose hot entries show as bars, and screenshot it.
   */
  public static List<String> steps(String tool) {
    return List.of(
        "tab ^Slabs$",
        "wait-text ^Slabs: \\d+ active of " + SlabsHost.BUFFER_SLABS + "$",
        "screenshot target/screenshots/" + tool + "-slabs.png",
        "set pages=" + PAGES,
        "click ^Reclaim$",
        "wait-text ^Reclaimed " + PAGES + " slabs of '" + SlabsHost.BUFFERS + "'",
        "wait-text ^Slabs: \\d+ active of " + (SlabsHost.BUFFER_SLABS - PAGES) + "$",
        "screenshot target/screenshots/" + tool + "-slabs-reclaimed.png",
        "set caches=" + SlabsHost.METADATA,
        "wait-text ^" + SlabsHost.METADATA + ": keyed",
        "screenshot target/screenshots/" + tool + "-slabs-hot.png");
  }

  /** The {@code TotalSlabs} of the host's buffers cache, read through a local JMX connection. */
  public static long totalSlabs(long pid) throws Exception {
    try (JMXConnector jmx = LocalJmx.connect(pid)) {
      return (Long) jmx.getMBeanServerConnection().getAttribute(buffers(), "TotalSlabs");
    }
  }

  private static ObjectName buffers() throws JMException {
    return new ObjectName("dev.slabpool:type=SlabCache,name=" + SlabsHost.BUFFERS);
  }
}
