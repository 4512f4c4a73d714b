package dev.slabpool.agent.cli;

import dev.slabpool.agent.Option;
import dev.slabpool.agent.cli.CliException.Exit;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.Reclaimed;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
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
 * The operators' command line: {@code java -jar slabpool-agent.jar <pid> <command>}. It checks
 * the command before it attaches, so a typo costs no attach.
 */
public final class Main {

  private static final int DEFAULT_TRACE_LIMIT = 10;

  private Main() {}

  /** What a command does once the JVM is reached. */
  private interface Command {
    void run(Target target, PrintStream out) throws Exception;
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
    try {
      if (args.length < 2) {
        throw new CliException(Exit.USAGE, "expected a pid and a command");
      }
      Command command = parse(args[1], Arrays.asList(args).subList(2, args.length));
      try (Target target = Target.attach(args[0])) {
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

  private static Command parse(String name, List<String> args) throws CliException {
    switch (name) {
      case "list":
        expect(args.isEmpty(), "list takes no arguments");
        return (t, out) -> list(t, out);
      case "slabtop":
        SlabTop top = slabtop(args);
        return (t, out) -> top.run(() -> CacheRow.readAll(t.client()), out,
            System.console() != null && out == System.out);
      case "reclaim":
        expect(args.size() == 2, "usage: reclaim <cache> <pages>");
        long pages = number(args.get(1), "pages");
        return (t, out) -> reclaim(t, args.get(0), pages, out);
      case "compact":
        expect(args.size() == 1, "usage: compact <cache>");
        return (t, out) -> compact(t, args.get(0), out);
      case "policy":
        expect(args.size() == 1 || args.size() == 2,
            "usage: policy <cache> [slab|hot|lru|caffeine]");
        return (t, out) -> policy(t, args.get(0), args.size() == 2 ? args.get(1) : null, out);
      case "trace":
        return trace(args);
      default:
        throw new CliException(Exit.USAGE, "unknown command '" + name
            + "' (commands: list, slabtop, reclaim, compact, policy, trace)");
    }
  }

  // ---- list ----------------------------------------------------------------------------------

  private static void list(Target target, PrintStream out) throws Exception {
    List<CacheRow> rows = CacheRow.readAll(target.client());
    rows.sort(Comparator.comparing(CacheRow::name));
    out.printf(Locale.ROOT, "%-24s %-6s %-8s %-11s %8s %10s%n", "NAME", "KIND", "POLICY",
        "RECLAIMABLE", "SLABS", "BYTES");
    for (CacheRow r : rows) {
      out.printf(Locale.ROOT, "%-24s %-6s %-8s %-11s %8d %10s%n", r.name(),
          r.keyed() ? "keyed" : "slab", r.policy(), r.reclaimable() ? "yes" : "no", r.slabs(),
          SlabTop.size(r.bytes()));
    }
  }

  // ---- slabtop -------------------------------------------------------------------------------

  private static SlabTop slabtop(List<String> args) throws CliException {
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
    return new SlabTop(sort, delay, iterations);
  }

  // ---- reclaim, policy -----------------------------------------------------------------------

  private static void reclaim(Target target, String cache, long pages, PrintStream out)
      throws Exception {
    Reclaimed r = target.client().reclaim(cache(target, cache), pages);
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

  private static Command trace(List<String> args) throws CliException {
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
        Usage: java -jar slabpool-agent.jar <pid> <command> [arguments]
               java -jar slabpool-agent.jar --help

        Attaches to the JVM <pid> (loading the slabpool agent into it when its MBeans are not
        there yet) and talks to its slabpool MBeans over its local JMX connector.

        Commands:
          list                          the caches: kind, policy, slabs, bytes
          slabtop [options]             a live table of the caches, like Linux slabtop
              --once, -o                print one table and exit
              --sort, -s <key>          name, objects (default), active, use, size, slabs,
                                        partial, bytes or pinned
              --delay, -d <seconds>     refresh interval (default 3)
              --iterations, -n <n>      stop after n tables
          reclaim <cache> <pages>       free up to <pages> slabs of a cache
          compact <cache>               move a cache's unused objects into fewer slabs (keyed
                                        caches, and slab caches built with a mover)
          policy <cache> [<policy>]     show, or set (slab, hot, lru, caffeine), a cache's policy
          trace on|off <cache|*>        turn pin tracing on or off (* = every cache)
          trace show <cache> [<limit>]  call sites holding the most references, and the
                                        oldest holders (limit of each, default 10)

        Exit codes: 0 done, 1 the JVM refused the operation, 2 bad command line,
        3 cannot attach to the JVM or reach its MBeans, 4 no such cache.

        As a java agent: -javaagent:slabpool-agent.jar[=key=value,...] with the keys:
        """ + options;
  }
}
