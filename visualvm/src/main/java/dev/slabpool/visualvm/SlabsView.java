package dev.slabpool.visualvm;

import dev.slabpool.heatmap.SlabsPanel;
import javax.swing.JLabel;
import org.graalvm.visualvm.application.Application;
import org.graalvm.visualvm.core.ui.DataSourceView;
import org.graalvm.visualvm.core.ui.components.DataViewComponent;

/** The "Slabs" tab of an application: the shared slabs panel, refreshed every second. */
final class SlabsView extends DataSourceView {
  private static final int REFRESH_MILLIS = 1000;
  private SlabsPanel panel;

  SlabsView(Application application) {
    super(application, "Slabs", SlabsPanel.icon(16), 60, false);
  }

  @Override
  protected DataViewComponent createComponent() {
    Application application = (Application) getDataSource();
    panel = new SlabsPanel(() -> SlabsViewProvider.connection(application));
    DataViewComponent view = new DataViewComponent(
        new DataViewComponent.MasterView("Slabs", null, new JLabel(
            "Every slab of the selected slabpool cache, coloured by density.")),
        new DataViewComponent.MasterViewConfiguration(false));
    view.configureDetailsArea(new DataViewComponent.DetailsAreaConfiguration("Slabs", false),
        DataViewComponent.TOP_LEFT);
    view.addDetailsView(new DataViewComponent.DetailsView("Heat map", null, 10, panel, null),
        DataViewComponent.TOP_LEFT);
    return view;
  }

  @Override
  protected void added() {
    panel.start(REFRESH_MILLIS);
  }

  @Override
  protected void removed() {
    panel.stop();
  }
}
