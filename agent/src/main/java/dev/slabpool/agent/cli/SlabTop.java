package dev.slabpool.agent.cli;

import dev.slabpool.agent.cli.CliException.Exit;
import dev.slabpool.agent.cli.Rates.Rate;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A live table of the caches in the spirit of Linux {@code slabtop}: a summary, then one row per
 * cache, sorted, with the slabs and objects each reclaimed per second since the previous table,
 * refreshed every few seconds (on a terminal the screen is redrawn; otherwise each table follows
 * the previous one, under a time stamp). With {@code --json} each table is one line of JSON. On a
 * terminal, {@code q} quits and the letters of {@link #SORT_LETTERS} change the sort.
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
      "perslab", descending(CacheRow::objectsPerSlab),
      "bytes", descending(CacheRow::bytes),
      "pinned", descending(CacheRow::pinned));

  /**
   * The sort letters of slabtop(1) that our columns have, to the sort key: {@code a} active
   * objects, {@code b} objects per slab, {@code c} cache size, {@code l} slabs, {@code n} name,
   * {@code o} objects, {@code s} object size, {@code u} utilization. Typed while slabtop runs, or
   * given to {@code --sort}.
   */
  static final Map<Character, String> SORT_LETTERS = Map.of('a', "active", 'b', "perslab",
      'c', "bytes", 'l', "slabs", 'n', "name", 'o', "objects", 's', "size", 'u', "use");

  static final String DEFAULT_SORT = "objects";
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  /** Where keys typed while slabtop runs come from. */
  interface Keys {
    /** No keys: waiting is sleeping. */
    Keys NONE = millis -> {
      Thread.sleep(millis);
      return null;
    };

    /** The next key typed within {@code millis}, or {@code null} when none was. */
    KeyReader.Key await(long millis) throws InterruptedException;
  }

  /** A source of rows: one read of every cache. */
  interface Rows {
    List<CacheRow> read() throws Exception;
  }

  private final String sort;
  private final long delayMillis;
  private final long iterations;
  private final boolean json;

  /**
   * @param sort a key of {@link #SORT_KEYS}, or a letter of {@link #SORT_LETTERS}
   * @param delaySeconds refresh interval
   * @param iterations tables to print before returning; {@link Long#MAX_VALUE} for "until
   *     interrupted"
   * @param json one line of JSON per table instead of the text table
   */
  SlabTop(String sort, double delaySeconds, long iterations, boolean json) throws CliException {
    this.sort = sortKey(sort);
    if (!(delaySeconds > 0) || delaySeconds > 86_400) {
      throw new CliException(Exit.USAGE, "delay must be above 0 and at most 86400 seconds: "
          + delaySeconds);
    }
    if (iterations < 1) {
      throw new CliException(Exit.USAGE, "iterations must be at least 1: " + iterations);
    }
    this.delayMillis = (long) (delaySeconds * 1000);
    this.iterations = iterations;
    this.json = json;
  }

  /** Whether it prints one table only (so reads no keys). */
  boolean once() {
    return iterations == 1;
  }

  /** The sort key {@code text} names, as a key or a letter. */
  static String sortKey(String text) throws CliException {
    if (SORT_KEYS.containsKey(text)) {
      return text;
    }
    if (text.length() == 1 && SORT_LETTERS.containsKey(text.charAt(0))) {
      return SORT_LETTERS.get(text.charAt(0));
    }
    throw new CliException(Exit.USAGE, "unknown sort key '" + text + "' (keys: "
        + String.join(", ", new TreeSet<>(SORT_KEYS.keySet())) + "; or the letters "
        + new TreeSet<>(SORT_LETTERS.keySet()).stream().map(String::valueOf)
            .collect(Collectors.joining()) + ")");
  }

  /**
   * Prints the tables: {@code iterations} of them, fewer when {@code q} is typed; a sort letter
   * redraws the table at once in the new order.
   *
   * @param terminal redraw the screen in place rather than appending tables
   */
  void run(Rows rows, PrintStream out, boolean terminal, Keys keys) throws Exception {
    String current = sort;
    Rates rates = new Rates();
    for (long i = 0; i < iterations; i++) {
      if (i > 0) {
        KeyReader.Key key = keys.await(delayMillis);
        if (key != null && key.quit()) {
          return;
        }
        if (key != null) {
          current = key.sort();
        }
      }
      List<CacheRow> table = new ArrayList<>(rows.read());
      Map<String, Rate> rate = rates.next(table, System.nanoTime());
      table.sort(order(current));
      if (json) {
        out.println(Json.write(JsonShapes.table(Instant.now(), current, table, rate)));
      } else {
        if (terminal) {
          out.print(CLEAR_SCREEN);
        } else if (iterations > 1) {
          out.println("--- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        }
        print(table, rate, out);
      }
      out.flush();
    }
  }

  private static Comparator<CacheRow> order(String sort) {
    return SORT_KEYS.get(sort).thenComparing(CacheRow::name);
  }

  /** One text table of {@code rows}, in their order, with their reclaim rates. */
  static void print(List<CacheRow> rows, Map<String, Rate> rates, PrintStream out) {
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
    out.printf(Locale.ROOT, "%9s %9s %6s %8s %8s %8s %8s %10s %10s %8s %8s %9s %-8s %s%n",
        "OBJS", "ACTIVE", "USE", "OBJ SIZE", "SLABS", "PARTIAL", "OBJ/SLAB", "BYTES", "REQ",
        "PINNED", "RSLABS/S", "ROBJS/S", "POLICY", "NAME");
    for (CacheRow r : rows) {
      Rate rate = rates.get(r.name());
      out.printf(Locale.ROOT, "%9d %9d %6s %8d %8d %8d %8d %10s %10s %8d %8s %9s %-8s %s%n",
          r.objects(), r.active(), String.format(Locale.ROOT, "%.0f%%", r.density() * 100),
          r.objectSize(), r.slabs(), r.partial(), r.objectsPerSlab(), size(r.bytes()),
          r.requested() < 0 ? "-" : size(r.requested()), r.pinned(),
          rate == null ? "-" : perSecond(rate.slabsPerSecond()),
          rate == null ? "-" : perSecond(rate.objectsPerSecond()), r.policy(), r.name());
    }
  }

  private static String perSecond(double rate) {
    return String.format(Locale.ROOT, "%.1f", rate);
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
