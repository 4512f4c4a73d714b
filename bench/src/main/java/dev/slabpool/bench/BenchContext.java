package dev.slabpool.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** What a {@link BenchSection} gets from the runner: settings, JMH, and where its output goes. */
public final class BenchContext {
  /** How long a JMH run waits for another JMH run of the machine to end. */
  static final Duration LOCK_WAIT = Duration.ofMinutes(10);
  /** The iteration time of a smoke run. */
  static final TimeValue SMOKE_ITERATION = TimeValue.milliseconds(500);

  private final boolean full;
  private final boolean smoke;
  private final int rounds;
  private final Path repo;
  private final Path traces;
  private final Path work;
  private final PrintStream log;
  private final StringBuilder markdown = new StringBuilder();
  private final List<Target> targets = new ArrayList<>();

  BenchContext(boolean full, boolean smoke, int rounds, Path repo, Path traces, Path work,
      PrintStream log) {
    this.full = full;
    this.smoke = smoke;
    this.rounds = rounds;
    this.repo = repo;
    this.traces = traces;
    this.work = work;
    this.log = log;
  }

  /** Whether this is the full run ({@code --full}) rather than the short one. */
  public boolean full() {
    return full;
  }

  /** The repository's root directory. */
  public Path repo() {
    return repo;
  }

  /**
   * Whether this is a smoke run ({@code --smoke}): every benchmark runs one fork of one short
   * iteration, to check that the command and the document work; the figures mean nothing.
   */
  public boolean smoke() {
    return smoke;
  }

  /** A repeat count for this run's length: smoke, short or full. */
  public int repeats(int smokeRun, int shortRun, int fullRun) {
    return smoke ? smokeRun : full ? fullRun : shortRun;
  }

  /**
   * The rounds of an interleaved comparison ({@link #interleaved}): {@code --rounds}, or
   * {@link #defaultRounds} for this run's length.
   */
  public int rounds() {
    return rounds;
  }

  /**
   * The rounds of interleaved comparisons without {@code --rounds}: 1 smoke, 1 short (so that
   * the short run of every section fits its 15 minutes), 5 full.
   */
  static int defaultRounds(boolean full, boolean smoke) {
    return full ? 5 : 1;
  }

  /** The directory of the traces to replay. */
  public Path traces() {
    return traces;
  }

  /** A scratch directory for files the benchmarks hand back (under {@code bench/target}). */
  public Path work() {
    return work;
  }

  /**
   * The directory {@code BENCHMARKS.md} is written to: the repository's root, or in a smoke run
   * the scratch directory, so that a check never overwrites the measured document.
   */
  public Path documentDir() {
    return smoke ? work : repo;
  }

  /** The directory the charts go to, {@code docs/bench} next to the document; created. */
  public Path chartDir() throws java.io.IOException {
    return Files.createDirectories(documentDir().resolve("docs").resolve("bench"));
  }

  /** A Markdown image reference to a chart, relative to {@code BENCHMARKS.md}. */
  public String image(String alt, Path chart) {
    String rel = documentDir().toAbsolutePath().normalize()
        .relativize(chart.toAbsolutePath().normalize())
        .toString().replace('\\', '/');
    return "![" + alt + "](" + rel + ")";
  }

  /** Appends Markdown to the section; a blank line separates it from what follows. */
  public void markdown(String text) {
    markdown.append(text.strip()).append("\n\n");
  }

  /** Records a target of the issue and how this run measured against it. */
  public void target(Target t) {
    targets.add(t);
  }

  /** Says what is going on, on stderr. */
  public void log(String message) {
    log.println("[bench] " + message);
  }

  /**
   * JMH options for the benchmarks of {@code benchmark} whose method matches {@code methods} (a
   * regular expression), with this run's forks, warmup and measurement.
   */
  public ChainedOptionsBuilder jmh(Class<?> benchmark, String methods) {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include("^" + benchmark.getName().replace(".", "\\.") + "\\.(" + methods + ")$")
        .shouldFailOnError(true);
    if (full) {
      o.forks(2).warmupIterations(4).warmupTime(TimeValue.seconds(2))
          .measurementIterations(5).measurementTime(TimeValue.seconds(2));
    } else {
      o.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
          .measurementIterations(5).measurementTime(TimeValue.seconds(1));
    }
    return o.timeout(TimeValue.minutes(5)).timeUnit(TimeUnit.MICROSECONDS);
  }

  /**
   * Runs JMH with the given options. JMH refuses to start while another JMH run on the machine
   * holds its lock file (their figures would disturb each other); this waits for that run to end,
   * up to {@link #LOCK_WAIT}, then runs anyway and says so in the document. In a smoke run the
   * options are cut down to one fork of one short iteration, whatever the section asked.
   */
  public Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    if (smoke) {
      options.forks(1).warmupIterations(1).measurementIterations(1)
          .warmupTime(SMOKE_ITERATION).measurementTime(SMOKE_ITERATION);
    }
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    for (;;) {
      try {
        return new Runner(options.build()).run();
      } catch (RunnerException e) {
        if (!String.valueOf(e.getMessage()).contains("JMH lock")) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          log("another JMH run still holds the JMH lock: running alongside it");
          markdown("_Another JMH run on the machine held the JMH lock for more than "
              + LOCK_WAIT.toMinutes() + " minutes; the figures below were measured alongside it._");
          System.setProperty("jmh.ignoreLock", "true");
          continue;
        }
        log("another JMH run holds the JMH lock; waiting for it to finish");
        pause();
      }
    }
  }

  /**
   * Runs JMH benchmarks against each other in interleaved forks: {@link #rounds} rounds, each of
   * one fork per side in the order of {@code sides}, back to back (fork 1 of the first side, fork
   * 1 of the second, ..., fork 2 of the first, ...). {@code options} gives a side's JMH options
   * (from {@link #jmh}); their forks are set to 1. Each trial's figure is the fork's primary
   * score.
   *
   * @param what names the comparison in the log
   */
  public InterleavedComparison interleaved(String what, List<String> sides,
      Function<String, ChainedOptionsBuilder> options) throws Exception {
    return InterleavedComparison.run(sides, rounds, (side, round) -> {
      log(what + ", round " + round + " of " + rounds + ": " + side);
      Collection<RunResult> results = run(options.apply(side).forks(1));
      if (results.size() != 1) {
        throw new IllegalStateException("one fork of " + what + ": " + side + " gave "
            + results.size() + " results, not one: its options must select one benchmark");
      }
      return results.iterator().next().getPrimaryResult().getScore();
    });
  }

  private static void pause() throws RunnerException {
    try {
      // Polling an external process's file lock: there is nothing to wait on instead.
      Thread.sleep(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerException("interrupted while waiting for the JMH lock", e);
    }
  }

  String markdownText() {
    return markdown.toString();
  }

  List<Target> targets() {
    return List.copyOf(targets);
  }
}
