package dev.slabpool.heatmap.jconsole;

import com.sun.tools.jconsole.JConsoleContext;
import com.sun.tools.jconsole.JConsoleContext.ConnectionState;
import com.sun.tools.jconsole.JConsolePlugin;
import dev.slabpool.heatmap.SlabsPanel;
import java.util.Map;
import javax.swing.JPanel;
import javax.swing.SwingWorker;

/**
 * JConsole plugin: a "Slabs" tab with the slab heat map of the connected JVM. Load it with
 * {@code jconsole -pluginpath slabpool-heatmap.jar}; JConsole finds it through
 * {@code META-INF/services/com.sun.tools.jconsole.JConsolePlugin}.
 */
public final class SlabsJConsolePlugin extends JConsolePlugin {
  private SlabsPanel panel;

  /** Called by JConsole's service loader. */
  public SlabsJConsolePlugin() {}

  @Override
  public synchronized Map<String, JPanel> getTabs() {
    if (panel == null) {
      panel = new SlabsPanel(() -> {
        JConsoleContext context = getContext();
        return context != null && context.getConnectionState() == ConnectionState.CONNECTED
            ? context.getMBeanServerConnection() : null;
      });
    }
    return Map.of("Slabs", panel);
  }

  /** JConsole runs the returned refresh at each of its update intervals. */
  @Override
  public synchronized SwingWorker<?, ?> newSwingWorker() {
    return panel == null ? null : panel.newRefresh();
  }
}
