package dev.slabpool.bench.sections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

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

  /** The primary score of {@link #get}. */
  double score(String method, int threads, String... params) {
    return get(method, threads, params).getPrimaryResult().getScore();
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

  /** The stack profiler's text ({@code -prof stack}), or a note that it did not run. */
  static String stacks(RunResult r) {
    Result<?> res = secondary(r, "stack");
    return res == null ? "(no stack profile)" : res.extendedInfo().strip();
  }

  private static Result<?> secondary(RunResult r, String suffix) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith(suffix)) {
        return e.getValue();
      }
    }
    return null;
  }
}
