package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.bench.Args;
import dev.slabpool.bench.report.ReplayReport;
import dev.slabpool.bench.trace.Trace;
import dev.slabpool.bench.trace.TraceFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The trace replay command. Prints one JSON object per policy and trace on stdout, progress on
 * stderr, and writes a Markdown table and PNG charts per trace. Usage: see {@link #USAGE}.
 */
public final class TraceReplayCommand {
  static final String USAGE = """
      usage: TraceReplayCommand [options] TRACE_FILE...
        --format auto|binary|text   trace format (default auto: decided from the content)
        --objects-per-slab N        entries per slab (default 32)
        --cache-objects N           cache size in objects, rounded up to whole slabs
                                    (default: --cache-fraction of the trace's distinct keys)
        --cache-fraction F          cache size as a fraction of the distinct keys (default 0.25)
        --shrink F                  fraction of the slabs held that the shrink gives back (default 0.25)
        --pinned F                  fraction of the cached keys held, most recent first (default 0.01)
        --placement P               slab, lru or caffeine: the first half runs under that policy
                                    for every policy, so all start the shrink from the same slab
                                    layout (default lru); own: each policy runs the whole trace
        --after-window N            the hit ratio after the shrink counts the next N accesses
                                    (default 0: as many as the cache held objects just before
                                    the shrink); the rest of the second half is counted apart
        --policies LIST             comma-separated, of slab, lru, caffeine, hot (default all)
        --sweep-steps N             steps of the memory-freed sweep for the chart (default 10, 0 = none)
        --sweep-max F               memory freed at the sweep's last step (default 0.5)
        --out DIR                   where the Markdown table and charts go (default target/replay)
        --no-charts                 JSON only
        --quiet                     no progress on stderr
      """;

  private TraceReplayCommand() {}

  /** Runs the command; exits 2 on bad arguments, 1 when a trace cannot be read. */
  public static void main(String[] argv) {
    try {
      run(argv, System.out, System.err);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Replays every trace named by the arguments.
   *
   * @return the results, in argument order
   * @throws IllegalArgumentException on bad arguments
   * @throws IOException when a trace cannot be read or a chart cannot be written
   */
  public static List<TraceResult> run(String[] argv, PrintStream out, PrintStream err)
      throws IOException {
    Args args = new Args(argv, Set.of("--format", "--objects-per-slab", "--cache-objects",
        "--cache-fraction", "--shrink", "--pinned", "--placement", "--after-window", "--policies",
        "--sweep-steps", "--sweep-max", "--out"), Set.of("--no-charts", "--quiet", "--help"));
    if (args.has("--help")) {
      out.print(USAGE);
      return List.of();
    }
    if (args.positional().isEmpty()) {
      throw new IllegalArgumentException("no trace file given");
    }
    ReplayConfig config = config(args);
    TraceFormat format = args.get("--format", TraceFormat.AUTO, TraceFormat::parse);
    Path outDir = Path.of(args.get("--out", "target/replay"));
    Progress progress = args.has("--quiet") ? Progress.none() : new Progress(err);
    List<TraceResult> results = new ArrayList<>();
    for (String file : args.positional()) {
      Trace trace = Trace.read(Path.of(file), format);
      TraceResult r = TraceReplay.run(trace, config, progress);
      for (PolicyResult p : r.results()) {
        out.println(p.toJson(config));
      }
      out.flush();
      if (!args.has("--no-charts")) {
        for (Path written : ReplayReport.write(r, outDir)) {
          progress.say("wrote " + written);
        }
      }
      results.add(r);
    }
    return results;
  }

  /** The replay settings of the arguments, on top of {@link ReplayConfig#DEFAULTS}. */
  static ReplayConfig config(Args args) {
    ReplayConfig d = ReplayConfig.DEFAULTS;
    return new ReplayConfig(
        args.get("--objects-per-slab", d.objectsPerSlab(), Integer::parseInt),
        args.get("--cache-objects", d.cacheObjects(), Long::parseLong),
        args.get("--cache-fraction", d.cacheFraction(), Double::parseDouble),
        args.get("--shrink", d.shrinkFraction(), Double::parseDouble),
        args.get("--pinned", d.pinnedFraction(), Double::parseDouble),
        args.get("--placement", d.placement(), Placement::parse),
        args.get("--after-window", d.afterWindow(), Long::parseLong),
        args.get("--sweep-steps", d.sweepSteps(), Integer::parseInt),
        args.get("--sweep-max", d.sweepMax(), Double::parseDouble),
        args.get("--policies", d.policies(), TraceReplayCommand::policies));
  }

  private static List<ReclaimPolicy> policies(String list) {
    List<ReclaimPolicy> out = new ArrayList<>();
    for (String id : list.split(",")) {
      ReclaimPolicy p = ReclaimPolicy.parse(id.strip());
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
