package dev.slabpool.bench;

import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one benchmark command: runs every {@link BenchSection} (short by default) and rewrites
 * {@code BENCHMARKS.md} at the repository root, with charts under {@code docs/bench/}. A smoke
 * run ({@code --smoke}) writes both under {@code bench/target/bench-run} instead.
 *
 * <pre>
 * mvn -B -pl bench -am package -DskipTests -Pbenchmarks                       # short, all sections
 * mvn -B -pl bench -am package -DskipTests -Pbenchmarks -Dbench.args="--full"  # longer, steadier
 * mvn -B -pl bench -am package -DskipTests -Pbenchmarks -Dbench.args="--only traces,lookup"
 * mvn -B -pl bench -am package -DskipTests -Pbenchmarks -Dbench.args="--rounds 5"  # comparisons
 * mvn -B -pl bench -am package -DskipTests -Pbenchmarks -Dbench.args="--smoke"  # a check
 * </pre>
 */
public final class BenchRunner {
  /** The command documented in BENCHMARKS.md. */
  public static final String COMMAND = "mvn -B -pl bench -am package -DskipTests -Pbenchmarks";

  private BenchRunner() {}

  /** Runs the sections; exits 2 on bad arguments, 1 when a section failed. */
  public static void main(String[] argv) throws IOException {
    Args args;
    try {
      args = new Args(argv, Set.of("--repo", "--only", "--traces", "--rounds"),
          Set.of("--short", "--full", "--smoke", "--list"));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: BenchRunner [--repo DIR] [--short|--full|--smoke] [--only ID,...]"
          + " [--traces DIR] [--rounds N] [--list]");
      System.exit(2);
      return;
    }
    List<BenchSection> sections = sections();
    if (args.has("--list")) {
      for (BenchSection s : sections) {
        System.out.println(s.id() + "\t" + s.title());
      }
      return;
    }
    Path repo = Path.of(args.get("--repo", ".")).toAbsolutePath().normalize();
    Set<String> only = args.has("--only")
        ? Set.of(args.get("--only", "").split(",")) : Set.of();
    for (String id : only) {
      if (sections.stream().noneMatch(s -> s.id().equals(id))) {
        System.err.println("error: unknown section '" + id + "': expected one of "
            + sections.stream().map(BenchSection::id).collect(Collectors.joining(", ")));
        System.exit(2);
      }
    }
    Path traces = args.has("--traces") ? Path.of(args.get("--traces", "")) : findTraces(repo);
    boolean full = args.has("--full");
    boolean smoke = args.has("--smoke");
    if (full && smoke) {
      System.err.println("error: --full and --smoke contradict each other: give one");
      System.exit(2);
    }
    int rounds;
    try {
      rounds = args.get("--rounds", BenchContext.defaultRounds(full, smoke), BenchRunner::rounds);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path work = Files.createDirectories(repo.resolve("bench").resolve("target").resolve("bench-run"));
    boolean failed = run(sections, only, full, smoke, rounds, repo, traces, work, argv,
        System.err);
    System.exit(failed ? 1 : 0);
  }

  /** The value of {@code --rounds}: a whole number of at least 1. */
  static int rounds(String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException("at least 1 round");
    }
    return n;
  }

  /** Every section on the class path, in document order. */
  static List<BenchSection> sections() {
    List<BenchSection> out = new ArrayList<>();
    ServiceLoader.load(BenchSection.class).forEach(out::add);
    out.sort(Comparator.comparingInt(BenchSection::order));
    return out;
  }

  private static boolean run(List<BenchSection> sections, Set<String> only, boolean full,
      boolean smoke, int rounds, Path repo, Path traces, Path work, String[] argv,
      PrintStream log)
      throws IOException {
    long start = System.nanoTime();
    String loadBefore = loadAverage();
    StringBuilder body = new StringBuilder();
    List<Target> targets = new ArrayList<>();
    boolean failed = false;
    for (BenchSection s : sections) {
      if (!only.isEmpty() && !only.contains(s.id())) {
        continue;
      }
      log.println("[bench] === " + s.title() + " ===");
      BenchContext ctx = new BenchContext(full, smoke, rounds, repo, traces, work, log);
      long t0 = System.nanoTime();
      try {
        s.run(ctx);
      } catch (Exception e) {
        failed = true;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        log.print(trace);
        ctx.markdown("**This section failed:** `" + e + "`");
      }
      body.append("## ").append(s.title()).append("\n\n").append(ctx.markdownText())
          .append(String.format(Locale.ROOT, "_Section time: %.0f s._%n%n",
              (System.nanoTime() - t0) / 1e9));
      targets.addAll(ctx.targets());
    }
    String doc = header(full, smoke, rounds, argv, loadBefore, loadAverage(),
        (System.nanoTime() - start) / 1e9) + targetTable(targets) + body;
    Path out = (smoke ? work : repo).resolve("BENCHMARKS.md");
    Files.writeString(out, doc);
    log.println("[bench] wrote " + out);
    return failed;
  }

  private static String header(boolean full, boolean smoke, int rounds, String[] argv,
      String loadBefore, String loadAfter, double seconds) {
    Runtime rt = Runtime.getRuntime();
    String args = String.join(" ", argv).replaceAll("--repo \\S+ ?", "").strip();
    return "# Benchmarks\n\n"
        + "Written by the benchmark runner; do not edit by hand, run the command again. Every"
        + " throughput figure is a ratio against peers measured in the same run, on the same"
        + " machine, one after the other.\n\n"
        + "## How this was produced\n\n"
        + "- Command: `" + COMMAND + (args.equals("--short") || args.isEmpty() ? ""
            : " -Dbench.args=\"" + args + "\"") + "` ("
            + (full ? "full" : smoke ? "smoke" : "short") + " run, "
            + String.format(Locale.ROOT, "%.1f", seconds / 60) + " minutes)\n"
        + "- Trace replay alone: `java -cp \"bench/target/classes:$(cat bench/target/classpath.txt)\""
            + " dev.slabpool.bench.replay.TraceReplayCommand TRACE_FILE...` (see `bench/README.md`)\n"
        + "- JMH: " + jmhSettings(full, smoke, rounds) + "\n"
        + "- JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
            + " " + System.getProperty("java.runtime.version") + "\n"
        + "- Machine: " + rt.availableProcessors() + " cores (" + cpuModel() + "), "
            + totalMemoryGiB() + " GiB memory, " + System.getProperty("os.name") + " "
            + System.getProperty("os.version") + "\n"
        + "- Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter
            + ". The machine is shared: a high load makes every figure noisier, but peers are"
            + " measured in the same conditions.\n"
        + "- Date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + "\n\n";
  }

  /** The JMH line of the header: iterations, forks and rounds. */
  static String jmhSettings(boolean full, boolean smoke, int rounds) {
    String iterations = smoke ? "1 x 0.5 s warmup, 1 x 0.5 s measurement"
        : full ? "4 x 2 s warmup, 5 x 2 s measurement" : "3 x 1 s warmup, 5 x 1 s measurement";
    return iterations + " per fork (reclaim: single-shot iterations; latency: 2 s iterations)."
        + " Comparisons (lookup, allocate + free and the payload cache's get and put against their"
        + " peers, the agent's hot path): "
        + rounds + " round" + (rounds == 1 ? "" : "s") + " (`--rounds`) of one fork per"
        + " benchmark, interleaved; ratios taken round by round, given as median and range; a"
        + " target is met only when the whole range clears it. Other benchmarks: "
        + (full && !smoke ? "2 forks" : "1 fork");
  }

  private static String targetTable(List<Target> targets) {
    if (targets.isEmpty()) {
      return "";
    }
    MarkdownTable t = new MarkdownTable("target (issue 5)", "measured", "verdict", "why, when missed");
    for (Target target : targets) {
      t.row(target.target(), target.measured(), target.verdict(), target.why());
    }
    return "## Targets\n\n" + t + "\n";
  }

  /** The traces that ship with the repository: {@code bench/traces}. */
  static Path findTraces(Path repo) {
    return repo.resolve("bench").resolve("traces");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f (1 min)",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static long totalMemoryGiB() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.round(os.getTotalMemorySize() / (double) (1L << 30));
    }
    return -1;
  }
}
