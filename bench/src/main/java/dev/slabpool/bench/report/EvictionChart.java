package dev.slabpool.bench.report;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import dev.slabpool.bench.replay.Optimum;
import dev.slabpool.bench.replay.SweepPoint;
import dev.slabpool.bench.replay.TraceResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Objects evicted against memory freed: each policy's sweep (the memory cap lowered in steps)
 * next to the offline optimum on the same starting layout.
 */
public final class EvictionChart {
  private static final int MAX_OPTIMUM_POINTS = 400;

  private EvictionChart() {}

  /** Writes the chart of a replay to {@code file} as PNG; the replay must have a sweep. */
  public static Path write(TraceResult result, Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    double maxPercent = 0;
    for (ReclaimPolicy policy : result.config().policies()) {
      List<SweepPoint> points = result.sweep().get(policy);
      if (points == null || points.isEmpty()) {
        throw new IllegalArgumentException("replay of " + result.trace() + " has no sweep for "
            + policy.id() + ": run it with sweep steps above 0");
      }
      long held = result.result(policy).slabsBefore();
      XYSeries s = new XYSeries(policy.id());
      s.add(0, 0);
      for (SweepPoint p : points) {
        double percent = 100.0 * p.slabsFreed() / held;
        s.add(percent, p.objectsEvicted());
        maxPercent = Math.max(maxPercent, percent);
      }
      data.addSeries(s);
    }
    // Under shared placement every layout is the same: one optimum curve. Otherwise one each.
    for (ReclaimPolicy policy : result.config().policies()) {
      String name = result.sameLayout() ? "offline optimum" : "optimum (" + policy.id() + " layout)";
      data.addSeries(optimum(name, result.before().get(policy), maxPercent));
      if (result.sameLayout()) {
        break;
      }
    }

    JFreeChart chart = ChartFactory.createXYLineChart(
        result.trace() + ": objects evicted against memory freed",
        "memory freed (% of the slabs held before the shrink)", "objects evicted",
        data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(String.format("memory cap lowered in %d steps; %d objects per"
            + " slab, %.0f%% of the keys pinned", result.config().sweepSteps(),
        result.config().objectsPerSlab(), result.config().pinnedFraction() * 100)));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    // Colours for the policies, greys for the optimum curves.
    Color[] colors = {new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3),
        new Color(0xe7298a)};
    Color[] greys = {new Color(0xb0b0b0), new Color(0x909090), new Color(0x707070),
        new Color(0x505050)};
    int policies = result.config().policies().size();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, i < policies ? colors[i % colors.length]
          : greys[(i - policies) % greys.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      if (i >= policies) {
        // Wide and dashed, so that it shows around a policy drawn on top of it.
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesStroke(i, new BasicStroke(6f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {10f, 6f}, 0f));
      }
    }
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE); // optimum first, underneath
    plot.setRenderer(renderer);
    return Png.write(chart, file, 900, 560);
  }

  private static XYSeries optimum(String name, SlabMap layout, double maxPercent) {
    long[] curve = Optimum.curve(layout);
    int held = layout.slabs();
    int last = Math.min(curve.length - 1, (int) Math.ceil(maxPercent / 100 * held));
    int step = Math.max(1, last / MAX_OPTIMUM_POINTS);
    XYSeries s = new XYSeries(name);
    for (int f = 0; f <= last; f += step) {
      s.add(100.0 * f / held, curve[f]);
    }
    if (last % step != 0) {
      s.add(100.0 * last / held, curve[last]);
    }
    return s;
  }
}
