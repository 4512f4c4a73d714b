package dev.slabpool.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Hit ratio over time windows of caches replaying one workload, with its shift marked. */
public final class ShiftChart {
  private ShiftChart() {}

  /**
   * Writes the chart to {@code file} as PNG.
   *
   * @param runs each cache's windowed hit ratios, in legend order
   * @param window accesses per window
   * @param shiftAt the access where the workload shifts
   */
  public static Path write(String title, Map<String, double[]> runs, int window, long shiftAt,
      Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[]> run : runs.entrySet()) {
      XYSeries s = new XYSeries(run.getKey());
      double[] w = run.getValue();
      for (int i = 0; i < w.length; i++) {
        s.add((double) (i + 1) * window, w[i]);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "accesses", "hit ratio per window"
        + " of " + window + " accesses", data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getRangeAxis().setRange(0, 1);
    ValueMarker shift = new ValueMarker(shiftAt, Color.DARK_GRAY, new BasicStroke(1.5f));
    shift.setLabel("sizes shift");
    plot.addDomainMarker(shift);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Color[] colors = {new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3)};
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colors[i % colors.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    return Png.write(chart, file, 900, 500);
  }
}
