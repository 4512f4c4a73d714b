package dev.slabpool.bench.sections;

import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/** Finding figures in JMH's results. */
final class JmhResults {
  private final List<RunResult> results = new ArrayList<>();

  void addAll(Collection<RunResult> more) {
    results.addAll(more);
  }

  /**
   * The result of a benchmark method at a thread count, with {@code param=value} pairs.
   *
   * @throws IllegalStateException if it did not run
   */
  RunResult get(String method, int threads, String... params) {
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      if (!name.endsWith("." + method) || r.getParams().getThreads() != threads) {
        continue;
      }
      boolean match = true;
      for (String p : params) {
        String[] kv = p.split("=", 2);
        match &= kv[1].equals(r.getParams().getParam(kv[0]));
      }
      if (match) {
        return r;
      }
    }
    throw new IllegalStateException("no JMH result for " + method + " with " + threads
        + " thread(s) " + String.join(",", params));
  }

  /**
   * Bytes allocated per operation ({@code -prof gc}) by every result of a benchmark method, in
   * the order they were added (the rounds of an interleaved comparison); NaN for a result
   * without that profiler.
   *
   * @throws IllegalStateException if it did not run
   */
  Spread allocated(String method) {
    List<Double> bytes = new ArrayList<>();
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        bytes.add(allocatedPerOp(r));
      }
    }
    if (bytes.isEmpty()) {
      throw new IllegalStateException("no JMH result for " + method);
    }
    return new Spread(bytes);
  }

  /** The primary score of {@link #get}. */
  double score(String method, int threads, String... params) {
    return get(method, threads, params).getPrimaryResult().getScore();
  }

  /** How an interleaved comparison was run, for the text above its table. */
  static String howInterleaved(InterleavedComparison c) {
    return String.format(Locale.ROOT, "the median over %d round%s of one fork per benchmark,"
        + " interleaved (every round runs %s in turn, each in its own JVM), so that the"
        + " machine's drift hits them alike", c.rounds(), c.rounds() == 1 ? "" : "s",
        String.join(", ", c.sides()));
  }

  /**
   * The measured column of a target against a peer, from an interleaved comparison: the median
   * and range of the per-round ratio, and both sides' median throughputs.
   */
  static String versus(String peer, Spread ratio, double subjectOpsPerMicro,
      double peerOpsPerMicro) {
    return String.format(Locale.ROOT, "median %sx %s, range %sx to %sx over %d round%s (%s vs"
            + " %s ops/us, medians)", MarkdownTable.num(ratio.median(), 2), peer,
        MarkdownTable.num(ratio.min(), 2), MarkdownTable.num(ratio.max(), 2), ratio.count(),
        ratio.count() == 1 ? "" : "s", MarkdownTable.num(subjectOpsPerMicro, 1),
        MarkdownTable.num(peerOpsPerMicro, 1));
  }

  /** Nanoseconds per operation from a throughput score in operations per microsecond. */
  static double nanosPerOp(double opsPerMicro) {
    return 1000 / opsPerMicro;
  }

  /** Bytes allocated per operation ({@code -prof gc}), or NaN without that profiler. */
  static double allocatedPerOp(RunResult r) {
    Result<?> res = secondary(r, "gc.alloc.rate.norm");
    return res == null ? Double.NaN : res.getScore();
  }

  /**
   * Milliseconds spent in GC over the measured iterations ({@code -prof gc}'s {@code gc.time},
   * summed over them), or NaN without that profiler.
   */
  static double gcMillis(RunResult r) {
    Result<?> count = secondary(r, "gc.count");
    Result<?> time = secondary(r, "gc.time");
    return gcMillis(count == null ? Double.NaN : count.getScore(),
        time == null ? Double.NaN : time.getScore());
  }

  /**
   * GC milliseconds from {@code -prof gc}'s {@code gc.count} and {@code gc.time} (NaN where
   * absent): JMH reports {@code gc.count} whenever the profiler ran but leaves {@code gc.time}
   * out when no GC ran, which is 0 ms; without {@code gc.count} the profiler did not run: NaN.
   */
  static double gcMillis(double count, double time) {
    if (Double.isNaN(count)) {
      return Double.NaN;
    }
    return Double.isNaN(time) ? 0 : time;
  }

  /** GCs over the measured iterations ({@code -prof gc}'s {@code gc.count}), or NaN. */
  static double gcCount(RunResult r) {
    Result<?> res = secondary(r, "gc.count");
    return res == null ? Double.NaN : res.getScore();
  }

  /** Milliseconds of a result's measured iterations, all of them (one fork). */
  static double measuredMillis(RunResult r) {
    IterationParams m = r.getParams().getMeasurement();
    return m.getCount() * (double) m.getTime().convertTo(TimeUnit.MILLISECONDS);
  }

  /**
   * Adds JMH's gc profiler and its Flight Recorder profiler (recordings under {@code dir}), whose
   * findings {@link #profile} shows.
   */
  static ChainedOptionsBuilder withProfilers(ChainedOptionsBuilder options, Path dir) {
    return options.addProfiler(GCProfiler.class)
        .addProfiler(JavaFlightRecorderProfiler.class, "dir=" + dir);
  }

  /**
   * The gc and Flight Recorder profiles of a result, recorded by {@link #withProfilers} into
   * {@code dir}, as Markdown: the allocation per operation and the hottest frames.
   */
  static String profile(RunResult r, Path dir) throws IOException {
    String name = r.getParams().getBenchmark();
    int threads = r.getParams().getThreads();
    JfrHotMethods h = hotMethods(r, dir);
    String hot = h != null ? h.markdown(10)
        : "(no Flight Recorder file for " + name + " under " + dir + ")";
    return String.format(Locale.ROOT, "`%s`, %d thread%s, `-prof gc` (allocation: %s bytes/op)"
            + " and `-prof jfr`:%n%n<details><summary>hottest frames</summary>%n%n%s%n</details>",
        name.substring(name.lastIndexOf('.') + 1), threads, threads == 1 ? "" : "s",
        MarkdownTable.num(allocatedPerOp(r), 1), hot);
  }

  /** The hot methods of a result recorded by {@link #withProfilers}, or null. */
  static JfrHotMethods hotMethods(RunResult r, Path dir) throws IOException {
    Path jfr = recording(dir, r.getParams().getBenchmark());
    return jfr == null ? null : JfrHotMethods.read(jfr);
  }

  /** JMH's jfr profiler writes {@code <dir>/<benchmark>-<mode label>/profile.jfr}. */
  private static Path recording(Path dir, String benchmark) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> runs = Files.list(dir)) {
      return runs.filter(p -> p.getFileName().toString().startsWith(benchmark + "-"))
          .map(p -> p.resolve("profile.jfr")).filter(Files::isRegularFile)
          .findFirst().orElse(null);
    }
  }

  private static Result<?> secondary(RunResult r, String suffix) {
    for (String label : r.getSecondaryResults().keySet()) {
      if (label.endsWith(suffix)) {
        return r.getSecondaryResults().get(label);
      }
    }
    return null;
  }
}
