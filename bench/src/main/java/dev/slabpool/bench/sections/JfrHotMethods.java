package dev.slabpool.bench.sections;

import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a benchmark thread spends its time, from the CPU samples of a Flight Recorder file
 * ({@code -prof jfr}, sampled between safepoints, inlined frames included): the frames the
 * samples were taken in (self), and the methods on the stack (total).
 */
final class JfrHotMethods {
  private final Map<String, Integer> self = new HashMap<>();
  private final Map<String, Integer> total = new HashMap<>();
  private int samples;

  private JfrHotMethods() {}

  /** Reads the execution samples of the JMH worker threads in {@code jfr}. */
  static JfrHotMethods read(Path jfr) throws IOException {
    JfrHotMethods h = new JfrHotMethods();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      var thread = e.getThread("sampledThread");
      RecordedStackTrace stack = e.getStackTrace();
      if (thread == null || stack == null || thread.getJavaName() == null
          || !thread.getJavaName().contains("jmh-worker")) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      h.samples++;
      h.self.merge(frame(frames.get(0), true), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String m = frame(f, false);
        if (seen.add(m)) {
          h.total.merge(m, 1, Integer::sum);
        }
      }
    }
    return h;
  }

  private static String frame(RecordedFrame f, boolean line) {
    String type = f.getMethod().getType().getName();
    String m = type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    return line && f.getLineNumber() > 0 ? m + ":" + f.getLineNumber() : m;
  }

  /**
   * The share of the samples taken in frames whose name (class without package, method) starts
   * with one of {@code prefixes}; NaN without samples.
   */
  double selfShare(String... prefixes) {
    if (samples == 0) {
      return Double.NaN;
    }
    int n = 0;
    for (Map.Entry<String, Integer> e : self.entrySet()) {
      for (String p : prefixes) {
        if (e.getKey().startsWith(p)) {
          n += e.getValue();
          break;
        }
      }
    }
    return (double) n / samples;
  }

  /** The {@code top} frames by self samples and by total samples, as Markdown. */
  String markdown(int top) {
    if (samples == 0) {
      return "(no CPU samples of the benchmark threads)";
    }
    return samples + " CPU samples of the benchmark threads.\n\n"
        + table("frame (self: where the sample was taken)", self, top) + "\n"
        + table("method (total: on the stack)", total, top);
  }

  private String table(String heading, Map<String, Integer> counts, int top) {
    MarkdownTable t = new MarkdownTable(heading, "samples", "share");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .filter(e -> !e.getKey().contains("jmhTest") && !e.getKey().startsWith("Thread.")
            && !e.getKey().contains("BenchmarkHandler") && !e.getKey().contains("FutureTask")
            && !e.getKey().contains("ThreadPoolExecutor") && !e.getKey().startsWith("Executors") && !e.getKey().contains("Method.invoke")
            && !e.getKey().contains("MethodAccessor"))
        .limit(top)
        .forEach(e -> t.row("`" + e.getKey() + "`", e.getValue(),
            MarkdownTable.num(100.0 * e.getValue() / samples, 1) + "%"));
    return t.toString();
  }
}
