package dev.slabpool.agent.cli;

import dev.slabpool.agent.cli.CliException.Exit;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A live table of the caches in the spirit of Linux {@code slabtop}: a summary, then one row per
 * cache, sorted, refreshed every few seconds (on a terminal the screen is redrawn; otherwise each
 * table follows the previous one, under a time stamp).
 */
final class SlabTop {

  /** Sort keys, as typed after {@code --sort}; every key but {@code name} sorts largest first. */
  static final Map<String, Comparator<CacheRow>> SORT_KEYS = Map.of(
      "name", Comparator.comparing(CacheRow::name),
      "objects", descending(CacheRow::objects),
      "active", descending(CacheRow::active),
      "use", descending(CacheRow::density),
      "size", descending(CacheRow::objectSize),
      "slabs", descending(CacheRow::slabs),
      "partial", descending(CacheRow::partial),
      "bytes", descending(CacheRow::bytes),
      "pinned", descending(CacheRow::pinned));

  static final String DEFAULT_SORT = "objects";
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  private final Comparator<CacheRow> order;
  private final long delayMillis;
  private final long iterations;

  /**
   * @param sort a key of {@link #SORT_KEYS}
   * @param delaySeconds refresh interval
   * @param iterations tables to print before returning; {@link Long#MAX_VALUE} for "until
   *     interrupted"
   */
  SlabTop(String sort, double delaySeconds, long iterations) throws CliException {
    Comparator<CacheRow> byKey = SORT_KEYS.get(sort);
    if (byKey == null) {
      throw new CliException(Exit.USAGE, "unknown sort key '" + sort + "' (keys: "
          + String.join(", ", new TreeSet<>(SORT_KEYS.keySet())) + ")");
    }
    if (!(delaySeconds > 0) || delaySeconds > 86_400) {
      throw new CliException(Exit.USAGE, "delay must be above 0 and at most 86400 seconds: "
          + delaySeconds);
    }
    if (iterations < 1) {
      throw new CliException(Exit.USAGE, "iterations must be at least 1: " + iterations);
    }
    this.order = byKey.thenComparing(CacheRow::name);
    this.delayMillis = (long) (delaySeconds * 1000);
    this.iterations = iterations;
  }

  /** A source of rows: one read of every cache. */
  interface Rows {
    List<CacheRow> read() throws Exception;
  }

  void run(Rows rows, PrintStream out, boolean terminal) throws Exception {
    for (long i = 0; i < iterations; i++) {
      if (i > 0) {
        Thread.sleep(delayMillis);
      }
      List<CacheRow> table = rows.read();
      if (terminal) {
        out.print(CLEAR_SCREEN);
      } else if (iterations > 1) {
        out.println("--- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
      }
      print(table, out);
      out.flush();
    }
  }

  void print(List<CacheRow> rows, PrintStream out) {
    long objects = rows.stream().mapToLong(CacheRow::objects).sum();
    long active = rows.stream().mapToLong(CacheRow::active).sum();
    long slabs = rows.stream().mapToLong(CacheRow::slabs).sum();
    long partial = rows.stream().mapToLong(CacheRow::partial).sum();
    long bytes = rows.stream().mapToLong(CacheRow::bytes).sum();
    long pinned = rows.stream().mapToLong(CacheRow::pinned).sum();
    out.printf(Locale.ROOT, " Active / Total Objects (%% used) : %d / %d (%s)%n", active,
        objects, percent(active, objects));
    out.printf(Locale.ROOT, " Partial / Total Slabs            : %d / %d%n", partial, slabs);
    out.printf(Locale.ROOT, " Pinned Objects                   : %d%n", pinned);
    out.printf(Locale.ROOT, " Caches / Total Size              : %d / %s%n%n", rows.size(),
        size(bytes));
    out.printf(Locale.ROOT, "%9s %9s %6s %8s %8s %8s %8s %10s %8s %-8s %s%n", "OBJS", "ACTIVE",
        "USE", "OBJ SIZE", "SLABS", "PARTIAL", "OBJ/SLAB", "BYTES", "PINNED", "POLICY", "NAME");
    rows.stream().sorted(order).forEach(r -> out.printf(Locale.ROOT,
        "%9d %9d %6s %8d %8d %8d %8d %10s %8d %-8s %s%n", r.objects(), r.active(),
        String.format(Locale.ROOT, "%.0f%%", r.density() * 100), r.objectSize(), r.slabs(),
        r.partial(), r.objectsPerSlab(), size(r.bytes()), r.pinned(), r.policy(), r.name()));
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** Bytes as slabtop shows sizes: in K below 10 MiB, then in M, then in G. */
  static String size(long bytes) {
    if (bytes < 10L << 20) {
      return (bytes + 1023) / 1024 + "K";
    }
    if (bytes < 10L << 30) {
      return (bytes + (1 << 20) - 1) / (1 << 20) + "M";
    }
    return (bytes + (1L << 30) - 1) / (1L << 30) + "G";
  }

  private static <U extends Comparable<? super U>> Comparator<CacheRow> descending(
      Function<CacheRow, U> key) {
    return Comparator.comparing(key, Comparator.reverseOrder());
  }
}
