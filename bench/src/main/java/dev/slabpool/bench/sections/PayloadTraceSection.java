package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.payload.CacheAside;
import dev.slabpool.bench.payload.EqualBytes;
import dev.slabpool.bench.payload.OhcPeer;
import dev.slabpool.bench.payload.PayloadPeer;
import dev.slabpool.bench.payload.PeerKind;
import dev.slabpool.bench.payload.SlabpoolPeer;
import dev.slabpool.bench.payload.ValueSizes;
import dev.slabpool.bench.replay.Progress;
import dev.slabpool.bench.report.MarkdownTable;
import dev.slabpool.bench.trace.Trace;
import dev.slabpool.bench.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hit ratio at equal bytes: every trace replayed cache-aside against slabpool's
 * {@code PayloadCache} and its peers, each given the same budget in bytes.
 */
public final class PayloadTraceSection implements BenchSection {
  /** The budget: this fraction of the bytes of the trace's distinct keys' values. */
  static final double FRACTION = 0.25;
  /** Ehcache refuses an off-heap tier below 1 MiB. */
  static final long EHCACHE_MIN_BYTES = 1L << 20;

  /** One peer's replay of one trace; {@code skipped} says why when it did not run. */
  record Run(PeerKind kind, String peer, double hitRatio, double secondHalf,
      double byteHitRatio, long entries, long valueBytes, String note, String skipped) {
    boolean ran() {
      return skipped.isEmpty();
    }
  }

  /** Every peer's replay of one trace. */
  record Result(String trace, int accesses, int ofAccesses, EqualBytes budget,
      Map<PeerKind, Run> runs) {
    Run run(PeerKind kind) {
      return runs.get(kind);
    }
  }

  @Override
  public String id() {
    return "payload-traces";
  }

  @Override
  public String title() {
    return "PayloadCache: hit ratio at equal bytes";
  }

  @Override
  public int order() {
    return 150;
  }

  @Override
  public void run(BenchContext ctx) throws IOException {
    List<Path> files = TraceSection.traceFiles(ctx.traces());
    if (files.isEmpty()) {
      throw new IOException("no trace files in " + ctx.traces());
    }
    int limit = ctx.repeats(200_000, Integer.MAX_VALUE, Integer.MAX_VALUE);
    Progress progress = new Progress(System.err);
    List<Result> results = new ArrayList<>();
    for (Path file : files) {
      Trace trace = Trace.read(file, TraceFormat.AUTO);
      long[] keys = trace.length() > limit ? Arrays.copyOf(trace.keys(), limit) : trace.keys();
      results.add(replay(trace.name(), keys, trace.length(), progress));
    }
    ctx.markdown(String.format(Locale.ROOT, """
        Each trace of `%s` is replayed cache-aside: every access reads its key (slabpool copies
        the value out into a buffer, the peers return it), and a miss puts the key's value, of
        `ValueSizes.of(key)` bytes (a function of the key alone, between %d and %d bytes,
        median 107, mean about 490; see `bench/README.md`). Every cache gets the same budget:
        %.0f%% of the bytes of the trace's distinct values, rounded down to whole slabs of the
        slab size slabpool uses for it (the largest power of two at most a 64th of the budget,
        4 KiB to 1 MiB); slabpool's `memoryCapBytes` is that budget exactly. One thread; the
        hit ratio counts every access of the trace, cold misses included (the same for all),
        and *second half* its second half alone.%s""", ctx.traces().getFileName(),
        ValueSizes.MIN, ValueSizes.MAX, FRACTION * 100,
        limit == Integer.MAX_VALUE ? "" : String.format(Locale.ROOT, " **This run replays"
            + " at most the first %s accesses of each trace.**", count(limit))));
    ctx.markdown(countsTable());
    ctx.markdown(hitTable(results));
    ctx.markdown("""
        Each cache's byte hit ratio (bytes of the values hit / bytes of the values accessed) and,
        at the end of each replay, the entries it held and the bytes of their values against the
        budget (how much of it went to payload). The hit ratio counts accesses, whatever their
        values' sizes: a cache that gives more of its memory to small values holds more entries
        and can hit more often while hitting fewer bytes. slabpool hands slabs to the size classes
        whose slabs are hit most (hits per slab), which favours small values; the byte hit ratio
        shows what that costs in bytes.\n\n""" + fillTable(results));
    for (PeerKind peer : List.of(PeerKind.CAFFEINE, PeerKind.OHC, PeerKind.EHCACHE)) {
      ctx.target(target(results, peer));
    }
  }

  private static Result replay(String name, long[] keys, int length, Progress progress) {
    EqualBytes budget = EqualBytes.of(keys, FRACTION);
    progress.say(String.format(Locale.ROOT, "%s: %,d accesses, %,d distinct keys of %,d bytes;"
            + " budget %,d bytes (%,d slabs of %,d)", name, keys.length, budget.distinctKeys(),
        budget.distinctBytes(), budget.capBytes(), budget.slabs(), budget.slabSize()));
    Map<PeerKind, Run> runs = new EnumMap<>(PeerKind.class);
    int half = keys.length / 2;
    for (PeerKind kind : PeerKind.values()) {
      if (kind == PeerKind.EHCACHE && budget.capBytes() < EHCACHE_MIN_BYTES) {
        runs.put(kind, new Run(kind, "Ehcache", Double.NaN, Double.NaN, Double.NaN, 0, 0, "",
            "Ehcache refuses an off-heap tier below 1 MiB (\"The value of maxBytesLocalOffHeap"
                + " is less than the minimum allowed value of 1M\")"));
        continue;
      }
      try (PayloadPeer p = kind.create(budget.capBytes(), budget.slabSize(), ValueSizes.MIN)) {
        String phase = name + ", " + p.name();
        CacheAside.Hits first = CacheAside.replay(p, keys, 0, half, ValueSizes::of, progress,
            phase);
        CacheAside.Hits second = CacheAside.replay(p, keys, half, keys.length, ValueSizes::of,
            progress, phase);
        CacheAside.Hits all = first.plus(second);
        runs.put(kind, new Run(kind, p.name(), all.ratio(), second.ratio(), all.byteRatio(),
            p.entries(), p.valueBytes(ValueSizes::of), note(p), ""));
      }
    }
    return new Result(name, keys.length, length, budget, runs);
  }

  private static String note(PayloadPeer p) {
    if (p instanceof SlabpoolPeer s) {
      return count(s.cache().rebalances()) + " slabs rebalanced";
    }
    if (p instanceof OhcPeer o && o.putFailures() > 0) {
      return count(o.putFailures()) + " puts refused";
    }
    return "";
  }

  private static String countsTable() {
    MarkdownTable t = new MarkdownTable("cache", "what counts against the budget");
    for (PeerKind kind : PeerKind.values()) {
      try (PayloadPeer p = kind.create(EHCACHE_MIN_BYTES, 1 << 16, ValueSizes.MIN)) {
        t.row(p.name(), p.counts());
      }
    }
    return t.toString();
  }

  private static String hitTable(List<Result> results) {
    List<String> head = new ArrayList<>(List.of("trace", "accesses", "budget"));
    for (PeerKind kind : PeerKind.values()) {
      head.add(kind.name().toLowerCase(Locale.ROOT) + " hit ratio (second half)");
    }
    MarkdownTable t = new MarkdownTable(head.toArray(String[]::new));
    for (Result r : results) {
      List<Object> row = new ArrayList<>(List.of(r.trace(), accesses(r), String.format(Locale.ROOT,
          "%s bytes (%s slabs of %s)", count(r.budget().capBytes()), count(r.budget().slabs()),
          count(r.budget().slabSize()))));
      for (PeerKind kind : PeerKind.values()) {
        Run run = r.run(kind);
        row.add(run.ran() ? num(run.hitRatio(), 4) + " (" + num(run.secondHalf(), 4) + ")"
            : "skipped: " + run.skipped());
      }
      t.row(row.toArray());
    }
    return t.toString();
  }

  private static String accesses(Result r) {
    return r.accesses() == r.ofAccesses() ? count(r.accesses())
        : count(r.accesses()) + " of " + count(r.ofAccesses());
  }

  private static String fillTable(List<Result> results) {
    MarkdownTable t = new MarkdownTable("trace", "cache", "byte hit ratio", "entries at the end",
        "value bytes at the end / budget", "note");
    for (Result r : results) {
      for (PeerKind kind : PeerKind.values()) {
        Run run = r.run(kind);
        if (run.ran()) {
          t.row(r.trace(), run.peer(), num(run.byteHitRatio(), 4), count(run.entries()),
              num(100.0 * run.valueBytes() / r.budget().capBytes(), 1) + "%", run.note());
        }
      }
    }
    return t.toString();
  }

  /** slabpool's hit ratio at least {@code peer}'s, on every trace the peer ran. */
  static Target target(List<Result> results, PeerKind peer) {
    List<Result> ran = results.stream().filter(r -> r.run(peer).ran()).toList();
    long skipped = results.size() - ran.size();
    String name = peer.name().toLowerCase(Locale.ROOT);
    Target t = TraceSection.everyTrace(ran, "PayloadCache hit ratio at equal bytes >= " + name
            + "'s on every trace",
        r -> r.run(PeerKind.SLABPOOL).hitRatio() >= r.run(peer).hitRatio(),
        r -> String.format(Locale.ROOT, "%s %.4f vs %.4f", r.trace(),
            r.run(PeerKind.SLABPOOL).hitRatio(), r.run(peer).hitRatio()),
        "Hit ratio over the whole replay, cache-aside, the same budget in bytes for both.");
    if (skipped == 0) {
      return t;
    }
    String reason = results.stream().filter(r -> !r.run(peer).ran()).findFirst().orElseThrow()
        .run(peer).skipped();
    return new Target(t.target(), t.measured() + "; skipped on " + skipped + " (" + reason
        + ")", t.met(), t.why());
  }
}
