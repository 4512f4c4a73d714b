package dev.slabpool.visualvm;

import dev.slabpool.heatmap.SlabpoolMBeans;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServerConnection;
import org.graalvm.visualvm.application.Application;
import org.graalvm.visualvm.core.ui.DataSourceView;
import org.graalvm.visualvm.core.ui.DataSourceViewProvider;
import org.graalvm.visualvm.core.ui.DataSourceViewsManager;
import org.graalvm.visualvm.tools.jmx.JmxModel;
import org.graalvm.visualvm.tools.jmx.JmxModelFactory;

/** Offers the Slabs view for every application whose JMX connection shows slabpool MBeans. */
final class SlabsViewProvider extends DataSourceViewProvider<Application> {
  private static final Logger LOG = Logger.getLogger(SlabsViewProvider.class.getName());
  private static final SlabsViewProvider INSTANCE = new SlabsViewProvider();

  static void register() {
    DataSourceViewsManager.sharedInstance().addViewProvider(INSTANCE, Application.class);
  }

  static void unregister() {
    DataSourceViewsManager.sharedInstance().removeViewProvider(INSTANCE);
  }

  /** The application's JMX connection, or null while VisualVM has none. */
  static MBeanServerConnection connection(Application application) {
    JmxModel jmx = JmxModelFactory.getJmxModelFor(application);
    return jmx != null && jmx.getConnectionState() == JmxModel.ConnectionState.CONNECTED
        ? jmx.getMBeanServerConnection() : null;
  }

  @Override
  protected boolean supportsViewFor(Application application) {
    MBeanServerConnection connection = connection(application);
    try {
      return connection != null && SlabpoolMBeans.present(connection);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot query the slabpool MBeans of " + application, e);
      return false;
    }
  }

  @Override
  protected DataSourceView createView(Application application) {
    return new SlabsView(application);
  }
}
