package dev.slabpool.bench.report;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import dev.slabpool.bench.replay.TraceResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Occupancy heat map of the slabs before and after the shrink: one panel per policy and moment,
 * one cell per slab in build order (oldest top left), coloured by density; a slab given back by
 * the shrink is drawn grey where it was.
 */
public final class HeatMap {
  private static final double FREED = -1;
  private static final int GAP = 2;

  private HeatMap() {}

  /** Writes the heat map of a replay to {@code file} as PNG. */
  public static Path write(TraceResult result, Path file) throws IOException {
    int slabs = result.before().values().stream().mapToInt(SlabMap::slabs).max().orElse(0);
    int cols = Math.max(1, (int) Math.ceil(Math.sqrt(slabs)));
    int rows = Math.max(1, (slabs + cols - 1) / cols);

    DefaultXYZDataset data = new DefaultXYZDataset();
    XYPlot plot = new XYPlot();
    int panelRow = 0;
    for (ReclaimPolicy policy : result.config().policies()) {
      SlabMap before = result.before().get(policy);
      SlabMap after = result.after().get(policy);
      double top = panelRow * (rows + GAP + 1.5);
      addPanel(data, policy.id() + " before", before, before, cols, 0, top);
      addPanel(data, policy.id() + " after", before, after, cols, cols + GAP, top);
      label(plot, policy.id() + ": before the shrink", 0, top, cols);
      label(plot, policy.id() + ": after", cols + GAP, top, cols);
      panelRow++;
    }

    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new DensityScale());
    renderer.setBlockWidth(1.0);
    renderer.setBlockHeight(1.0);
    NumberAxis x = hiddenAxis();
    NumberAxis y = hiddenAxis();
    y.setInverted(true);
    plot.setDataset(data);
    plot.setRenderer(renderer);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlineVisible(false);

    JFreeChart chart = new JFreeChart(result.trace() + ": slab occupancy around a "
        + Math.round(result.config().shrinkFraction() * 100) + "% shrink", plot);
    chart.removeLegend();
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(String.format("%d slabs x %d objects; cell = one slab, oldest"
        + " first; grey = slab given back", slabs, result.config().objectsPerSlab())));
    NumberAxis scaleAxis = new NumberAxis("slab density");
    scaleAxis.setRange(0, 1);
    PaintScaleLegend legend = new PaintScaleLegend(new DensityScale(), scaleAxis);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    legend.setStripWidth(12);
    legend.setMargin(4, 60, 4, 60);
    chart.addSubtitle(legend);
    int panels = result.config().policies().size();
    return Png.write(chart, file, 1000, 170 + panels * 300);
  }

  private static void addPanel(DefaultXYZDataset data, String key, SlabMap layout, SlabMap shown,
      int cols, double left, double top) {
    Map<Long, Double> density = new HashMap<>();
    long[] serials = shown.serial();
    for (int i = 0; i < serials.length; i++) {
      density.put(serials[i], shown.density(i));
    }
    long[] order = layout.serial();
    double[][] xyz = new double[3][order.length];
    for (int i = 0; i < order.length; i++) {
      xyz[0][i] = left + i % cols + 0.5;
      xyz[1][i] = top + 1.5 + i / cols + 0.5;
      xyz[2][i] = density.getOrDefault(order[i], FREED);
    }
    data.addSeries(key, xyz);
  }

  private static void label(XYPlot plot, String text, double left, double top, int cols) {
    XYTextAnnotation a = new XYTextAnnotation(text, left + cols / 2.0, top + 0.7);
    a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    a.setTextAnchor(TextAnchor.CENTER);
    plot.addAnnotation(a);
  }

  private static NumberAxis hiddenAxis() {
    NumberAxis axis = new NumberAxis();
    axis.setVisible(false);
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }

  /** Density 0 (pale) to 1 (dark blue); a freed slab (value below 0) grey. */
  static final class DensityScale implements PaintScale {
    private static final Color EMPTY = new Color(0xfff7bc);
    private static final Color FULL = new Color(0x08306b);
    private static final Color GIVEN_BACK = new Color(0xc8c8c8);

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      if (value < 0) {
        return GIVEN_BACK;
      }
      double t = Math.min(1, value);
      return new Color(mix(EMPTY.getRed(), FULL.getRed(), t), mix(EMPTY.getGreen(), FULL.getGreen(), t),
          mix(EMPTY.getBlue(), FULL.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
      return (int) Math.round(a + (b - a) * t);
    }
  }
}
