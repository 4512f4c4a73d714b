package dev.slabpool.agent.cli;

import dev.slabpool.agent.Option;
import dev.slabpool.agent.cli.CliException.Exit;
import dev.slabpool.agent.cli.JvmSurvey.Found;
import dev.slabpool.agent.cli.JvmSurvey.Skipped;
import dev.slabpool.agent.cli.JvmSurvey.Survey;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.Reclaimed;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.stream.Collectors;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.ObjectName;

/**
 * The operators' command line: {@code java -jar slabpool-agent.jar [options] <target> <command>},
 * or {@code list} alone for every local JVM with slabpool. The target is a pid, a main class or
 * jar, or a regular expression over them ({@link TargetResolver}). It checks the command before
 * it attaches, so a typo costs no attach.
 */
public final class Main {

  private static final int DEFAULT_TRACE_LIMIT = 10;
  private static final List<String> JSON_COMMANDS = List.of("list", "slabtop", "reclaim", "trace");

  private Main() {}

  /** What a command does once the JVM is reached. */
  private interface Command {
    void run(Target target, PrintStream out) throws Exception;
  }

  /** The options that may stand anywhere on the line, and the rest. */
  private record Line(boolean json, boolean verbose, List<String> words) {
    static Line of(String[] args) throws CliException {
      boolean json = false;
      boolean verbose = false;
      List<String> words = new ArrayList<>();
      for (String a : args) {
        switch (a) {
          case "--json" -> json = true;
          case "--verbose", "-v" -> verbose = true;
          default -> words.add(a);
        }
      }
      if (!words.isEmpty() && words.get(0).startsWith("-")
          && !TargetResolver.isPid(words.get(0))) {
        throw new CliException(Exit.USAGE, "unknown option '" + words.get(0)
            + "' (options: --json, --verbose, --version, --help)");
      }
      return new Line(json, verbose, words);
    }
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; returns the exit code (see {@link CliException.Exit}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && List.of("--help", "-h", "help").contains(args[0])) {
      out.print(usage());
      return Exit.OK.code;
    }
    if (args.length == 1 && List.of("--version", "-V").contains(args[0])) {
      out.println("slabpool " + Version.get());
      return Exit.OK.code;
    }
    try {
      Line line = Line.of(args);
      List<String> words = line.words();
      if (words.size() == 1 && words.get(0).equals("list")) {
        survey(line, out, err);
        return Exit.OK.code;
      }
      if (words.size() < 2) {
        throw new CliException(Exit.USAGE, "expected a target (a pid, a main class or jar, or a"
            + " regular expression over them) and a command, or list alone");
      }
      String name = words.get(1);
      expect(!line.json() || JSON_COMMANDS.contains(name),
          "--json is for " + String.join(", ", JSON_COMMANDS) + ", not " + name);
      Command command = parse(name, words.subList(2, words.size()), line.json());
      long pid = TargetResolver.resolve(words.get(0), Jvm::local, ProcessHandle.current().pid());
      try (Target target = Target.attach(pid)) {
        command.run(target, out);
      }
      return Exit.OK.code;
    } catch (CliException e) {
      err.println("slabpool: " + e.getMessage());
      if (e.exit == Exit.USAGE) {
        err.println("Try 'java -jar slabpool-agent.jar --help'.");
      }
      return e.exit.code;
    } catch (InstanceNotFoundException e) {
      err.println("slabpool: the cache went away meanwhile (" + e.getMessage() + ")");
      return Exit.NO_SUCH_CACHE.code;
    } catch (JMException | JMRuntimeException e) {
      // The MBean threw: the cause says why (not reclaimable, unknown policy, ...).
      err.println("slabpool: the JVM refused: " + rootMessage(e));
      return Exit.REFUSED.code;
    } catch (IOException e) {
      err.println("slabpool: lost the connection to the JVM: " + e);
      return Exit.UNREACHABLE.code;
    } catch (Exception e) {
      err.println("slabpool: failed: " + e);
      return Exit.REFUSED.code;
    }
  }

  private static Command parse(String name, List<String> args, boolean json)
      throws CliException {
    switch (name) {
      case "list":
        expect(args.isEmpty(), "list takes no arguments");
        return (t, out) -> list(t, out, json);
      case "slabtop":
        SlabTop top = slabtop(args, json);
        return (t, out) -> slabtop(top, t, out);
      case "reclaim":
        expect(args.size() == 2, "usage: reclaim <cache> <pages>");
        long pages = number(args.get(1), "pages");
        return (t, out) -> reclaim(t, args.get(0), pages, out, json);
      case "compact":
        expect(args.size() == 1, "usage: compact <cache>");
        return (t, out) -> compact(t, args.get(0), out);
      case "policy":
        expect(args.size() == 1 || args.size() == 2,
            "usage: policy <cache> [slab|hot|lru|caffeine]");
        return (t, out) -> policy(t, args.get(0), args.size() == 2 ? args.get(1) : null, out);
      case "trace":
        return trace(args, json);
      default:
        throw new CliException(Exit.USAGE, "unknown command '" + name
            + "' (commands: list, slabtop, reclaim, compact, policy, trace)");
    }
  }

  // ---- list with no target -------------------------------------------------------------------

  private static void survey(Line line, PrintStream out, PrintStream err) {
    Survey survey = JvmSurvey.survey(Jvm.local(), ProcessHandle.current().pid(),
        Target::countCaches);
    if (line.json()) {
      out.println(Json.write(JsonShapes.survey(survey)));
    } else {
      out.printf(Locale.ROOT, "%8s %7s  %s%n", "PID", "CACHES", "MAIN");
      for (Found f : survey.found()) {
        out.printf(Locale.ROOT, "%8d %7d  %s%n", f.jvm().pid(), f.caches(), f.jvm().main());
      }
    }
    if (line.verbose()) {
      for (Skipped s : survey.skipped()) {
        err.println("slabpool: skipped JVM " + s.jvm() + ": " + s.reason());
      }
    } else if (!survey.skipped().isEmpty()) {
      err.println("slabpool: " + survey.skipped().size() + " other JVM"
          + (survey.skipped().size() == 1 ? "" : "s") + " skipped (no slabpool agent, or cannot"
          + " attach); --verbose says why");
    }
  }

  // ---- list ----------------------------------------------------------------------------------

  private static void list(Target target, PrintStream out, boolean json) throws Exception {
    List<CacheRow> rows = CacheRow.readAll(target.client());
    rows.sort(Comparator.comparing(CacheRow::name));
    if (json) {
      out.println(Json.write(JsonShapes.caches(target.pid(), rows)));
      return;
    }
    out.printf(Locale.ROOT, "%-24s %-6s %-8s %-11s %8s %10s%n", "NAME", "KIND", "POLICY",
        "RECLAIMABLE", "SLABS", "BYTES");
    for (CacheRow r : rows) {
      out.printf(Locale.ROOT, "%-24s %-6s %-8s %-11s %8d %10s%n", r.name(),
          r.keyed() ? "keyed" : "slab", r.policy(), r.reclaimable() ? "yes" : "no", r.slabs(),
          SlabTop.size(r.bytes()));
    }
  }

  // ---- slabtop -------------------------------------------------------------------------------

  private static void slabtop(SlabTop top, Target target, PrintStream out) throws Exception {
    boolean terminal = out == System.out && TerminalKeys.interactive();
    SlabTop.Keys keys = terminal && !top.once()
        ? TerminalKeys.open(new KeyReader(SlabTop.SORT_LETTERS)) : SlabTop.Keys.NONE;
    try {
      top.run(() -> CacheRow.readAll(target.client()), out, terminal, keys);
    } finally {
      if (keys instanceof TerminalKeys t) {
        t.close();
      }
    }
  }

  private static SlabTop slabtop(List<String> args, boolean json) throws CliException {
    String sort = SlabTop.DEFAULT_SORT;
    double delay = 3;
    long iterations = Long.MAX_VALUE;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--once", "-o" -> iterations = 1;
        case "--sort", "-s" -> sort = value(args, ++i, a);
        case "--delay", "-d" -> delay = decimal(value(args, ++i, a), a);
        case "--iterations", "-n" -> iterations = number(value(args, ++i, a), a);
        default -> throw new CliException(Exit.USAGE, "unknown slabtop option '" + a
            + "' (options: --once, --sort <key>, --delay <seconds>, --iterations <n>)");
      }
    }
    return new SlabTop(sort, delay, iterations, json);
  }

  // ---- reclaim, policy -----------------------------------------------------------------------

  private static void reclaim(Target target, String cache, long pages, PrintStream out,
      boolean json) throws Exception {
    Reclaimed r = target.client().reclaim(cache(target, cache), pages);
    if (json) {
      out.println(Json.write(JsonShapes.reclaim(r, pages)));
      return;
    }
    out.printf(Locale.ROOT, "cache '%s' (policy %s): reclaimed %d of %d slabs requested, %d"
            + " objects freed, %d scanned, in %.3f ms%n", r.cache(), r.policy(), r.slabsFreed(),
        pages, r.objectsFreed(), r.objectsScanned(), r.nanos() / 1e6);
  }

  private static void compact(Target target, String cache, PrintStream out) throws Exception {
    ObjectName name = cache(target, cache);
    SlabpoolClient client = target.client();
    List<CacheAttribute<?>> shape = List.of(CacheAttribute.TOTAL_SLABS, CacheAttribute.DENSITY);
    CacheReading before = client.read(name, shape);
    long freed = client.compact(name);
    CacheReading after = client.read(name, shape);
    out.printf(Locale.ROOT, "cache '%s': compacted, %d slabs given back, nothing evicted; slabs"
            + " %d -> %d, density %.3f -> %.3f%n", cache, freed,
        before.get(CacheAttribute.TOTAL_SLABS), after.get(CacheAttribute.TOTAL_SLABS),
        before.get(CacheAttribute.DENSITY), after.get(CacheAttribute.DENSITY));
  }

  private static void policy(Target target, String cache, String policy, PrintStream out)
      throws Exception {
    ObjectName name = cache(target, cache);
    SlabpoolClient client = target.client();
    String before = client.get(name, CacheAttribute.POLICY);
    if (policy == null) {
      out.printf("cache '%s': policy %s%n", cache, before);
      return;
    }
    client.setPolicy(name, policy);
    out.printf("cache '%s': policy %s (was %s)%n", cache, client.get(name, CacheAttribute.POLICY),
        before);
  }

  // ---- trace ---------------------------------------------------------------------------------

  private static Command trace(List<String> args, boolean json) throws CliException {
    expect(!args.isEmpty(), "usage: trace on|off <cache|*>, or trace show <cache> [<limit>]");
    String action = args.get(0);
    switch (action) {
      case "on", "off": {
        expect(args.size() == 2, "usage: trace " + action + " <cache|*>");
        String cache = args.get(1);
        return (t, out) -> {
          if (!cache.equals(PinTracer.ALL)) {
            cache(t, cache);
          }
          if (action.equals("on")) {
            t.client().enableTracing(cache);
          } else {
            t.client().disableTracing(cache);
          }
          String[] traced = t.client().tracedCaches();
          if (json) {
            out.println(Json.write(JsonShapes.tracing(action, cache, traced)));
            return;
          }
          out.printf("pin tracing %s for %s; traced now: %s%n", action,
              cache.equals(PinTracer.ALL) ? "every cache" : "cache '" + cache + "'",
              traced.length == 0 ? "nothing (SlabCache's original code restored)"
                  : String.join(", ", traced));
        };
      }
      case "show": {
        expect(args.size() == 2 || args.size() == 3, "usage: trace show <cache> [<limit>]");
        String cache = args.get(1);
        long limit = args.size() == 3 ? number(args.get(2), "limit") : DEFAULT_TRACE_LIMIT;
        expect(limit >= 1 && limit <= 10_000, "limit must be from 1 to 10000: " + limit);
        return (t, out) -> {
          cache(t, cache);
          if (json) {
            out.println(Json.write(JsonShapes.traceShow(cache,
                t.client().topCallSites(cache, (int) limit),
                t.client().oldestHolders(cache, (int) limit))));
            return;
          }
          out.print(t.client().traceReport(cache, (int) limit));
        };
      }
      default:
        throw new CliException(Exit.USAGE, "unknown trace action '" + action
            + "' (actions: on, off, show)");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The MBean of a cache of the target. */
  private static ObjectName cache(Target target, String cache) throws Exception {
    SortedMap<String, ObjectName> caches = target.client().caches();
    ObjectName name = caches.get(cache);
    if (name == null) {
      throw new CliException(Exit.NO_SUCH_CACHE, "JVM " + target.pid() + " has no cache named '"
          + cache + "' (caches: " + (caches.isEmpty() ? "none"
              : String.join(", ", caches.keySet())) + ")");
    }
    return name;
  }

  private static void expect(boolean condition, String message) throws CliException {
    if (!condition) {
      throw new CliException(Exit.USAGE, message);
    }
  }

  private static String value(List<String> args, int i, String option) throws CliException {
    expect(i < args.size(), option + " needs a value");
    return args.get(i);
  }

  private static long number(String text, String what) throws CliException {
    try {
      long n = Long.parseLong(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(Exit.USAGE, what + " must be a whole number, 0 or more: '" + text
        + "'");
  }

  private static double decimal(String text, String what) throws CliException {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CliException(Exit.USAGE, what + " must be a number of seconds: '" + text + "'");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  static String usage() {
    String options = Option.ALL.stream()
        .map(o -> String.format(Locale.ROOT, "  %-22s %s (%s%s)%n", o.key(), o.description(),
            o.accepts(), o.defaultValue() == null ? "" : "; default " + o.defaultText()))
        .collect(Collectors.joining());
    return """
        Usage: java -jar slabpool-agent.jar [--json] [--verbose] <target> <command> [arguments]
               java -jar slabpool-agent.jar [--json] [--verbose] list
               java -jar slabpool-agent.jar --help | --version

        Attaches to the JVM <target> (loading the slabpool agent into it when its MBeans are not
        there yet) and talks to its slabpool MBeans over its local JMX connector. The target is
        a pid; or a main class or jar, whole or by its short name (PoolApp, app.jar, app); or a
        regular expression found in the main class or jar. It must name exactly one JVM.

        Commands:
          list                          (alone) the local JVMs with slabpool: pid, caches, main
          list                          the caches: kind, policy, slabs, bytes
          slabtop [options]             a live table of the caches, like Linux slabtop
              --once, -o                print one table and exit
              --sort, -s <key>          name, objects (default), active, use, size, slabs,
                                        partial, perslab, bytes or pinned; or a slabtop(1)
                                        letter: a, b, c, l, n, o, s, u
              --delay, -d <seconds>     refresh interval (default 3)
              --iterations, -n <n>      stop after n tables
              keys while it runs        q quits; a b c l n o s u sort as in slabtop(1)
          reclaim <cache> <pages>       free up to <pages> slabs of a cache
          compact <cache>               move a cache's unused objects into fewer slabs (keyed
                                        caches, and slab caches built with a mover)
          policy <cache> [<policy>]     show, or set (slab, hot, lru, caffeine), a cache's policy
          trace on|off <cache|*>        turn pin tracing on or off (* = every cache)
          trace show <cache> [<limit>]  call sites holding the most references, and the
                                        oldest holders (limit of each, default 10)

        Options, anywhere on the line:
          --json                        JSON, one object per line (list, slabtop, reclaim, trace)
          --verbose, -v                 list alone: name the JVMs skipped, and why
          --version, -V                 print the slabpool version

        Exit codes: 0 done, 1 the JVM refused the operation, 2 bad command line,
        3 cannot attach to the JVM or reach its MBeans, 4 no such cache,
        5 the target matches no JVM, or more than one.

        As a java agent: -javaagent:slabpool-agent.jar[=key=value,...] with the keys:
        """ + options;
  }
}
