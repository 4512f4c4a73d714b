package dev.slabpool.bench.jmh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in nanoseconds, as the latency benchmark's fork hands them to the runner.
 *
 * @param count recorded operations
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param p9999 99.99th percentile
 * @param max the largest value
 */
public record LatencySummary(long count, long p50, long p99, long p999, long p9999, long max) {

  /** The percentiles of a histogram. */
  public static LatencySummary of(Histogram h) {
    return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
        h.getValueAtPercentile(99.99), h.getMaxValue());
  }

  /** Writes the summary as a properties file. */
  public void write(Path file) {
    Properties p = new Properties();
    p.setProperty("count", Long.toString(count));
    p.setProperty("p50", Long.toString(p50));
    p.setProperty("p99", Long.toString(p99));
    p.setProperty("p999", Long.toString(p999));
    p.setProperty("p9999", Long.toString(p9999));
    p.setProperty("max", Long.toString(max));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "lookup latency, nanoseconds");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a summary written by {@link #write}.
   *
   * @throws IOException if the file cannot be read or lacks a field
   */
  public static LatencySummary read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    try {
      return new LatencySummary(Long.parseLong(p.getProperty("count")),
          Long.parseLong(p.getProperty("p50")), Long.parseLong(p.getProperty("p99")),
          Long.parseLong(p.getProperty("p999")), Long.parseLong(p.getProperty("p9999")),
          Long.parseLong(p.getProperty("max")));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IOException(file + ": not a latency summary", e);
    }
  }
}
