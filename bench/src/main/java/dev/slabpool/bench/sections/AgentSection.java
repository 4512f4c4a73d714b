package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchRunner;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import dev.slabpool.bench.agent.EmptyAgent;
import dev.slabpool.bench.agent.StartupProbe;
import dev.slabpool.bench.agent.TracingOverheadBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.io.OutputStream;
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

/**
 * The agent's costs (issue 4's benchmark): the hot path (lookup + release) in JVMs without the
 * agent, with it and pin tracing never on, on then off, and on; and the start-up time of a small
 * program without an agent, with an empty one, with the slabpool agent, and using a
 * {@code @PooledType} class. Every figure is a ratio against the no-agent JVM of the same run.
 * The measured JVMs see the agent only through its shaded jar: the bench module's class path has
 * no agent classes and no Byte Buddy.
 */
public final class AgentSection implements BenchSection {
  /** The shaded agent jar the reactor builds, relative to the repository. */
  static final Path AGENT_JAR = Path.of("agent", "target", "slabpool-agent.jar");
  static final String NO_AGENT = "no agent";
  static final String TRACING_NEVER_ON = "agent, tracing never on";
  static final String TRACING_CYCLED = "agent, tracing on then off";
  static final String TRACING_ON = "agent, tracing on (every cache)";
  static final String EMPTY_AGENT = "an empty agent (what any -javaagent costs)";
  static final String AGENT = "slabpool agent (jmx=local)";
  static final String WOVEN = "slabpool agent, program uses a @PooledType class";
  /** The test that shows tracing off leaves the hot path's code as it was. */
  static final String PROOF = "`PinTracerTest.offRestoresTheOriginalBytesAndRunsNoTracingCode`"
      + " (agent module)";

  @Override
  public String id() {
    return "agent";
  }

  @Override
  public String title() {
    return "The agent: hot path and start-up";
  }

  @Override
  public int order() {
    return 600;
  }

  /** One JVM to measure: its options, and the program's arguments. */
  private record Jvm(String name, List<String> options, List<String> arguments) {}

  @Override
  public void run(BenchContext ctx) throws Exception {
    Path jar = ctx.repo().resolve(AGENT_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no agent jar at " + jar + ": build it with `" + BenchRunner.COMMAND
          + "` (the bench module depends on the agent, so the reactor builds it first)");
    }
    String javaagent = "-javaagent:" + jar.toAbsolutePath();
    InterleavedComparison hot = hotPath(ctx, javaagent);
    int warmRuns = ctx.repeats(0, 2, 2);
    int runs = ctx.repeats(1, 11, 21);
    InterleavedComparison startup = startup(ctx, javaagent, warmRuns, runs);
    ctx.markdown(markdown(hot, startup, warmRuns));
  }

  // ---- measuring -------------------------------------------------------------------------------

  /**
   * Rounds of one fork per JVM ({@link BenchContext#interleaved}), so that the machine's drift
   * hits every JVM alike.
   */
  private static InterleavedComparison hotPath(BenchContext ctx, String javaagent)
      throws Exception {
    String tracing = "-D" + TracingOverheadBenchmark.TRACING + "=";
    Map<String, Jvm> jvms = byName(
        new Jvm(NO_AGENT, List.of(), List.of()),
        new Jvm(TRACING_NEVER_ON, List.of(javaagent), List.of()),
        new Jvm(TRACING_CYCLED, List.of(javaagent, tracing + "cycled"), List.of()),
        new Jvm(TRACING_ON, List.of(javaagent, tracing + "on"), List.of()));
    return ctx.interleaved("hot path", List.copyOf(jvms.keySet()),
        name -> ctx.jmh(TracingOverheadBenchmark.class, "lookupRelease").threads(1)
            .jvmArgsAppend(jvms.get(name).options().toArray(String[]::new)));
  }

  /** Start-up of the probe, JVM by JVM in turn, run after run; wall time to its exit. */
  private static InterleavedComparison startup(BenchContext ctx, String javaagent,
      int warmRuns, int runs) throws Exception {
    Map<String, Jvm> jvms = byName(
        new Jvm(NO_AGENT, List.of(), List.of()),
        new Jvm(EMPTY_AGENT, List.of("-javaagent:" + emptyAgentJar(ctx.work())), List.of()),
        new Jvm(AGENT, List.of(javaagent + "=jmx=local"), List.of()),
        new Jvm(WOVEN, List.of(javaagent + "=jmx=local"), List.of("--woven")));
    Path log = ctx.work().resolve("startup-probe.log");
    List<String> names = List.copyOf(jvms.keySet());
    InterleavedComparison.Trial timed = (name, round) -> time(jvms.get(name), log);
    ctx.log("start-up: " + warmRuns + " rounds unmeasured (file system cache), then " + runs);
    if (warmRuns > 0) {
      InterleavedComparison.run(names, warmRuns, timed);
    }
    return InterleavedComparison.run(names, runs, timed);
  }

  /** Runs the probe in a JVM to its exit; returns the wall time in ms. */
  private static double time(Jvm jvm, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm.options());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        StartupProbe.class.getName()));
    command.addAll(jvm.arguments());
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean exited = p.waitFor(2, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    if (!exited || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the start-up probe " + (exited ? "failed" : "hung") + " ("
          + jvm.name() + "): " + String.join(" ", command) + "\n" + Files.readString(log));
    }
    return nanos / 1e6;
  }

  /** A jar whose manifest names {@link EmptyAgent}, which the probe's class path holds. */
  private static Path emptyAgentJar(Path dir) throws IOException {
    Path jar = dir.resolve("empty-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
    try (OutputStream file = Files.newOutputStream(jar)) {
      new JarOutputStream(file, manifest).finish(); // the manifest is the whole jar
    }
    return jar.toAbsolutePath();
  }

  // ---- the document --------------------------------------------------------------------------

  /**
   * The section's Markdown from the measured comparisons (hot path, then start-up), whose first
   * side is the JVM without the agent.
   */
  static String markdown(InterleavedComparison hot, InterleavedComparison startup,
      int warmRuns) {
    MarkdownTable h = new MarkdownTable("JVM", "median ops/us", "range over rounds",
        "median ratio to no agent");
    for (String jvm : hot.sides()) {
      Spread s = hot.figures(jvm);
      h.row(jvm, num(s.median(), 2), num(s.min(), 2) + " to " + num(s.max(), 2),
          num(hot.ratio(jvm, NO_AGENT).median(), 3));
    }
    MarkdownTable st = new MarkdownTable("JVM", "median ms", "range over runs",
        "ratio of medians to no agent");
    for (String jvm : startup.sides()) {
      Spread s = startup.figures(jvm);
      st.row(jvm, num(s.median(), 0), num(s.min(), 0) + " to " + num(s.max(), 0),
          num(s.median() / startup.figures(NO_AGENT).median(), 2));
    }
    return String.format(Locale.ROOT, """
        The measured JVMs see the agent only through its shaded jar, `%s` (`-javaagent`): their
        class path has no agent classes and no Byte Buddy.

        ### Hot path: lookup + release with and without the agent

        `TracingOverheadBenchmark` (JMH, 1 thread): `KeyedCache.lookup` + `release` over 4,096
        keys in JVMs started without the agent, with it (pin tracing never turned on), with
        tracing turned on for every cache and off again before measuring, and with tracing on.
        %s of one fork per JVM, interleaved so that the machine's drift hits them alike;
        each ratio is against the no-agent fork of the same round. Higher is better.

        %s
        ### Start-up: java to the exit of a small program

        `StartupProbe` builds a keyed cache and makes 1,000 lookups; with `--woven` it also
        builds a slab cache of `WovenLease`, a `@PooledType` class the agent weaves. Wall time
        from starting `java` to its exit, the JVMs in turn run after run (%s unmeasured
        first), %s each. Lower is better.

        %s
        **Reading them.** %s
        """, AGENT_JAR.toString().replace('\\', '/'), plural(hot.rounds(), "round"), h,
        plural(warmRuns, "round"), plural(startup.rounds(), "run"), st, reading(hot, startup));
  }

  private static String reading(InterleavedComparison hot, InterleavedComparison startup) {
    Spread none = hot.figures(NO_AGENT);
    StringBuilder sb = new StringBuilder();
    Spread neverOn = hot.figures(TRACING_NEVER_ON);
    Spread cycled = hot.figures(TRACING_CYCLED);
    double tracingOn = hot.ratio(TRACING_ON, NO_AGENT).median();
    sb.append(String.format(Locale.ROOT, "*Tracing off:* with the agent and tracing never on,"
            + " lookup + release runs at %sx the speed of the JVM without the agent, and at %sx"
            + " with tracing turned on and off again. ",
        num(hot.ratio(TRACING_NEVER_ON, NO_AGENT).median(), 2),
        num(hot.ratio(TRACING_CYCLED, NO_AGENT).median(), 2)));
    sb.append(neverOn.overlaps(none) && cycled.overlaps(none)
        ? "Their ranges over the rounds overlap the no-agent JVM's: no difference this run can"
            + " resolve. "
        : "Where a range over the rounds does not overlap the no-agent JVM's, the difference"
            + " cannot come from the hot path's code, which is the same (below), but from the"
            + " rest of the JVM (the agent's threads, what the JIT compiled) or from the"
            + " machine. ");
    sb.append("That tracing off adds no instruction to the hot path is shown by construction,"
        + " not by timing: with tracing off, `SlabCache`'s methods are their original bytecode; "
        + PROOF + " compares every method instruction by instruction before tracing, while it"
        + " is on, and after it is turned off, and checks that no tracing hook runs once off."
        + " A JVM whose tracing was never on never had its classes retransformed. ");
    sb.append(String.format(Locale.ROOT, "*Tracing on* runs at %sx (%sx slower): a stack walk"
            + " per reference taken; turn it on to find a leak, not in steady state. ",
        num(tracingOn, 3), num(1 / tracingOn, 0)));
    double none0 = startup.figures(NO_AGENT).median();
    double empty = startup.figures(EMPTY_AGENT).median();
    double agent = startup.figures(AGENT).median();
    double woven = startup.figures(WOVEN).median();
    sb.append(String.format(Locale.ROOT, "*Start-up:* any `-javaagent` costs the JVM %s ms here"
            + " (the empty agent: the JVM resolves `java.instrument` and gives up its archived"
            + " module graph); the slabpool agent adds %s ms more (its MBeans and JFR events,"
            + " mostly on its own daemon thread; `premain` itself loads no Byte Buddy and no"
            + " JMX). The first `@PooledType` class makes the agent load Byte Buddy and weave:"
            + " %s ms more, once, on the thread that loads that class; a program without such a"
            + " class never pays it.",
        num(empty - none0, 0), num(agent - empty, 0), num(woven - agent, 0)));
    return sb.toString();
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static Map<String, Jvm> byName(Jvm... jvms) {
    Map<String, Jvm> m = new LinkedHashMap<>();
    for (Jvm jvm : jvms) {
      m.put(jvm.name(), jvm);
    }
    return m;
  }
}
