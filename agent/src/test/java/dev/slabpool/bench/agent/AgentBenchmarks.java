package dev.slabpool.bench.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The agent's benchmarks, each a comparison within one run: the hot path (lookup + release) in
 * JVMs without the agent, with it and pin tracing never on, on then off, and on; and the start-up
 * time of a small program without an agent, with an empty one, and with this one. Variants are
 * interleaved (round by round, run by run) so that a machine's drift hits them alike. Prints a Markdown report and writes it to
 * {@code target/agent-benchmarks.md}.
 *
 * <pre>
 * java -cp &lt;test classes and dependencies&gt; dev.slabpool.bench.agent.AgentBenchmarks \
 *     --agent target/slabpool-agent.jar [--startup-runs 15] [--quick]
 * </pre>
 */
public final class AgentBenchmarks {
  private AgentBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Path agent = null;
    int startupRuns = 15;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--agent" -> agent = Path.of(args[++i]);
        case "--startup-runs" -> startupRuns = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --agent <jar> [--startup-runs n] [--quick]");
      }
    }
    if (agent == null || !Files.isRegularFile(agent)) {
      throw new IllegalArgumentException("--agent must name the built slabpool-agent.jar: "
          + agent);
    }
    String javaagent = "-javaagent:" + agent.toAbsolutePath();
    StringBuilder report = new StringBuilder();
    report.append(hotPath(javaagent, quick));
    report.append(startup(javaagent, startupRuns));
    System.out.println(report);
    Path out = Path.of("target", "agent-benchmarks.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  // ---- hot path ----------------------------------------------------------------------------------

  private static String hotPath(String javaagent, boolean quick) throws Exception {
    Map<String, String[]> variants = new LinkedHashMap<>();
    variants.put("no agent", new String[0]);
    variants.put("agent, tracing never on", new String[] {javaagent});
    variants.put("agent, tracing on then off", new String[] {javaagent,
        "-D" + TracingOverheadBenchmark.TRACING + "=cycled"});
    variants.put("agent, tracing on (every cache)", new String[] {javaagent,
        "-D" + TracingOverheadBenchmark.TRACING + "=on"});
    // Rounds of one fork per variant, so that the machine's drift hits every variant alike;
    // each variant's ratio is taken against the no-agent fork of the same round.
    int rounds = quick ? 1 : 3;
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      double base = 0;
      for (Map.Entry<String, String[]> v : variants.entrySet()) {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(TracingOverheadBenchmark.class.getName() + ".lookupRelease")
            .forks(1)
            .threads(1)
            .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(v.getValue());
        double score = runWhenFree(options).getPrimaryResult().getScore();
        if (base == 0) {
          base = score;
        }
        scores.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(score);
        ratios.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(score / base);
      }
    }
    StringBuilder out = new StringBuilder("## Hot path: KeyedCache lookup + release (JMH, 1"
        + " thread, ops/us, higher is better; " + rounds + " rounds of one fork per JVM)\n\n"
        + "| JVM | median ops/us | range over rounds | median ratio to no agent |\n"
        + "|---|---:|---:|---:|\n");
    for (String name : variants.keySet()) {
      List<Double> s = scores.get(name);
      out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f to %.2f | %.3f |%n", name,
          median(s), s.stream().mapToDouble(d -> d).min().orElseThrow(),
          s.stream().mapToDouble(d -> d).max().orElseThrow(), median(ratios.get(name))));
    }
    return out.append('\n').toString();
  }

  /**
   * Runs JMH, waiting (up to 30 minutes) while another JMH run on this machine holds JMH's lock:
   * two benchmark runs at once would disturb each other.
   */
  private static RunResult runWhenFree(ChainedOptionsBuilder options) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    for (;;) {
      try {
        return new Runner(options.build()).runSingle();
      } catch (RunnerException e) {
        if (!String.valueOf(e.getMessage()).contains("JMH lock") || System.nanoTime() > deadline) {
          throw e;
        }
        System.out.println("another JMH run holds the lock; waiting");
        Thread.sleep(10_000);
      }
    }
  }

  // ---- start-up ----------------------------------------------------------------------------------

  /** A way to start the probe: JVM options and program arguments. */
  private record Probe(List<String> jvmOptions, List<String> arguments) {}

  private static String startup(String javaagent, int runs) throws Exception {
    Map<String, Probe> variants = new LinkedHashMap<>();
    variants.put("no agent", new Probe(List.of(), List.of()));
    variants.put("an empty agent (the JVM's cost of any -javaagent)",
        new Probe(List.of("-javaagent:" + emptyAgentJar()), List.of()));
    variants.put("agent (jmx=local)", new Probe(List.of(javaagent), List.of()));
    variants.put("agent (jmx=none)", new Probe(List.of(javaagent + "=jmx=none"), List.of()));
    variants.put("agent, program uses a @PooledType class",
        new Probe(List.of(javaagent), List.of("--woven")));
    Map<String, List<Long>> times = new LinkedHashMap<>();
    variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    for (int warm = 0; warm < 2; warm++) {
      for (Probe v : variants.values()) {
        time(v); // warms the file system cache, not measured
      }
    }
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, Probe> v : variants.entrySet()) {
        times.get(v.getKey()).add(time(v.getValue()));
      }
    }
    double base = median(times.get("no agent"));
    StringBuilder out = new StringBuilder("## Start-up: java StartupProbe to its exit"
        + " (median of " + runs + " interleaved runs, ms, lower is better)\n\n"
        + "| JVM | median ms | ratio to no agent |\n|---|---:|---:|\n");
    times.forEach((name, t) -> out.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f |%n",
        name, median(t), median(t) / base)));
    return out.append('\n').toString();
  }

  /** Runs the probe to its exit; returns the wall time in ms. */
  private static long time(Probe probe) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(probe.jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        StartupProbe.class.getName()));
    command.addAll(probe.arguments());
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the start-up probe failed: " + command);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static double median(List<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A jar whose manifest names {@link EmptyAgent}, found on the class path. */
  private static Path emptyAgentJar() throws IOException {
    Path jar = Path.of("target", "empty-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      // the manifest is the whole jar
    }
    return jar.toAbsolutePath();
  }
}
