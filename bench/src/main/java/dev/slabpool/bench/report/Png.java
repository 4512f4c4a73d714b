package dev.slabpool.bench.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Writes charts as PNG files, headless. */
public final class Png {
  private Png() {}

  /**
   * Renders a chart to {@code file}, creating its directory.
   *
   * @return {@code file}
   */
  public static Path write(JFreeChart chart, Path file, int width, int height) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // charts need no display
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    }
    return file;
  }
}
