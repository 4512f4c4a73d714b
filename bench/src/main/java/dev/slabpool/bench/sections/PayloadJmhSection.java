package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;
import static dev.slabpool.bench.sections.JmhResults.nanosPerOp;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.payload.PayloadBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * {@code PayloadCache} against Caffeine ({@code byte[]}), OHC and Ehcache off-heap in JMH
 * ({@link PayloadBenchmark}): get-hit and same-size put throughput on 1 and 2 threads in
 * interleaved forks ({@link BenchContext#interleaved}), the bytes slabpool's get hit and put
 * allocate ({@code -prof gc}), and each peer's GC time under puts of new keys.
 */
public final class PayloadJmhSection implements BenchSection {
  static final String SLAB = "slabpool";
  static final String CAFFEINE = "caffeine";
  static final String OHC = "ohc";
  static final String EHCACHE = "ehcache";
  /** The peers, in the order of every round; a benchmark is a peer's name and the operation. */
  static final List<String> PEERS = List.of(SLAB, CAFFEINE, OHC, EHCACHE);
  private static final String[] NAMES = {"slabpool PayloadCache (DIRECT)",
      "Caffeine, byte[] values", "OHC 0.7.4", "Ehcache 3.12 off-heap"};
  private static final String[] GET = {
      "`get(key, dst)`: copied into the thread's buffer, no reference taken",
      "`getIfPresent`, then the `byte[]` copied into the thread's buffer",
      "`getDirect`: its native memory copied into the thread's buffer, then closed",
      "`get`: a fresh `byte[]`, copied into the thread's buffer"};
  private static final String[] PUT = {
      "`put(key, src)`: the thread's buffer copied into a slot of the same class",
      "a new `byte[]` filled from the thread's buffer",
      "the thread's buffer (a `ByteBuffer` value) serialised into a new native allocation",
      "a new `byte[]` filled from the thread's buffer, serialised off-heap"};
  /**
   * Bytes per operation below which {@code gc.alloc.rate.norm} counts as nothing allocated: JMH
   * divides the bytes its allocation counters moved by the operations, so a benchmark that
   * allocates nothing still shows a fraction of a byte (the harness's own allocations, spread
   * over millions of operations), while one object per operation is at least 16 bytes.
   */
  static final double NO_ALLOCATION = 1.0;

  @Override
  public String id() {
    return "payload-jmh";
  }

  @Override
  public String title() {
    return "PayloadCache: get and put throughput, allocation and GC (JMH)";
  }

  @Override
  public int order() {
    return 180;
  }

  /** The benchmark methods of an operation ({@code Get}, {@code Put}, {@code PutNew}). */
  static List<String> methods(String op) {
    return PEERS.stream().map(p -> p + op).collect(Collectors.toList());
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    JmhResults profiled = new JmhResults();
    InterleavedComparison[] get = compare(ctx, "Get", "payload get hit", profiled);
    InterleavedComparison[] put = compare(ctx, "Put", "payload put over a present key", profiled);
    ctx.markdown(String.format(Locale.ROOT, """
        `PayloadBenchmark`: every cache holds the same %s `Long` keys (boxed once), each with a
        value of %d bytes, at a capacity of about twice what they take (slabpool: a memory cap
        of %s MiB of 1 MiB DIRECT slabs, its smallest slot %d bytes; Caffeine: a maximum weight
        of %s bytes of values; OHC: %s bytes, its default segments; Ehcache: an off-heap pool of
        %s MiB); after the fill every key is checked to hit. Keys are uniformly random; each
        benchmark thread copies values out into, and in from, its own direct buffer, so that
        every peer ends with the bytes where the caller wants them. Throughput in operations
        per microsecond (all threads together), %s. Ratios are slabpool's throughput over the
        row's, round by round (the forks of the same round): their median, and in parentheses
        their range over the rounds. The one-thread forks run with JMH's `-prof gc` (it reads
        the allocation counters and GC counts between iterations, nothing per operation), for
        the allocation table below.""", count(PayloadBenchmark.KEYS), PayloadBenchmark.VALUE,
        count(PayloadBenchmark.SLABPOOL_CAP >> 20), PayloadBenchmark.VALUE,
        count(PayloadBenchmark.CAFFEINE_WEIGHT), count(PayloadBenchmark.OHC_CAP),
        count(PayloadBenchmark.EHCACHE_CAP >> 20),
        JmhResults.howInterleaved(get[0])));
    ctx.markdown("**Get hit** (every get hits):\n\n" + table(get, "Get", GET));
    ctx.markdown("**Put over a present key**, a value of the same size (slabpool frees the old"
        + " slot and takes one of the same class, so it reuses slots):\n\n"
        + table(put, "Put", PUT));

    MarkdownTable a = new MarkdownTable("cache", "get hit, bytes/op",
        "put over a present key, bytes/op");
    for (int i = 0; i < PEERS.size(); i++) {
      a.row(NAMES[i], bytes(profiled.allocated(PEERS.get(i) + "Get")),
          bytes(profiled.allocated(PEERS.get(i) + "Put")));
    }
    ctx.markdown(String.format(Locale.ROOT, """
        **Bytes allocated per operation**, one thread, JMH's `-prof gc` (`gc.alloc.rate.norm`:
        the bytes the benchmark thread allocated during the measured iterations over its
        operations), from the one-thread forks above: the median over the rounds, and in
        parentheses the range when there is more than one. Below %s byte/op counts as none:
        an operation that allocates nothing still shows a fraction of a byte of the harness's
        own, while one object is 16 bytes or more.""", num(NO_ALLOCATION, 0)));
    ctx.markdown(a.toString());
    ctx.target(allocationTarget(profiled.allocated(SLAB + "Get").max(),
        profiled.allocated(SLAB + "Put").max(), ctx.rounds()));

    JmhResults gc = new JmhResults();
    gc.addAll(ctx.run(ctx.jmh(PayloadBenchmark.class, String.join("|", methods("PutNew")))
        .threads(1).forks(1).addProfiler(GCProfiler.class)));
    MarkdownTable g = new MarkdownTable("cache", "puts/us", "bytes/op", "GCs", "GC time, ms",
        "GC time, share of the measured time");
    for (int i = 0; i < PEERS.size(); i++) {
      RunResult r = gc.get(PEERS.get(i) + "PutNew", 1);
      double millis = JmhResults.gcMillis(r);
      g.row(NAMES[i], num(r.getPrimaryResult().getScore(), 2),
          num(JmhResults.allocatedPerOp(r), 1), num(JmhResults.gcCount(r), 0), num(millis, 0),
          percent(millis / JmhResults.measuredMillis(r)));
    }
    ctx.markdown("""
        **GC under a put-heavy load**: one thread putting new keys (each `Long` boxed per put,
        as a caller's would be) with %d-byte values from its buffer, so once the capacity is
        full every put evicts; one fork each, `-prof gc`: the GCs and their time summed over
        the measured iterations (JMH's `gc.count` and `gc.time`; no `gc.time` means no GC, 0
        ms), and that time over the measured time. The heap is the JVM's default for the
        machine.""".formatted(PayloadBenchmark.VALUE));
    ctx.markdown(g.toString());

    ctx.markdown("**Where the time goes.** " + where(get[0], 1) + " " + where(get[1], 2));
    for (int threads = 1; threads <= 2; threads++) {
      InterleavedComparison c = get[threads - 1];
      String where = where(c, threads);
      for (String peer : List.of(OHC, CAFFEINE)) {
        Spread ratio = c.ratio(SLAB + "Get", peer + "Get");
        String name = peer.equals(OHC) ? "OHC" : "Caffeine";
        ctx.target(Target.judged("PayloadCache get-hit throughput >= " + name + "'s, "
            + threads(threads), ratio, 1.0, JmhResults.versus(name, ratio,
            c.figures(SLAB + "Get").median(), c.figures(peer + "Get").median()), where));
      }
    }
  }

  /**
   * One interleaved comparison of an operation's benchmarks per thread count, 1 and 2, as
   * {@link BenchContext#interleaved} runs them; the one-thread forks with {@code -prof gc},
   * their results kept in {@code profiled}.
   */
  private static InterleavedComparison[] compare(BenchContext ctx, String op, String what,
      JmhResults profiled) throws Exception {
    InterleavedComparison[] byThreads = new InterleavedComparison[2];
    for (int threads = 1; threads <= 2; threads++) {
      int t = threads;
      String label = what + ", " + threads(t);
      byThreads[t - 1] = InterleavedComparison.run(methods(op), ctx.rounds(), (m, round) -> {
        ctx.log(label + ", round " + round + " of " + ctx.rounds() + ": " + m);
        ChainedOptionsBuilder o = ctx.jmh(PayloadBenchmark.class, m).threads(t).forks(1);
        Collection<RunResult> results = ctx.run(t == 1 ? o.addProfiler(GCProfiler.class) : o);
        if (results.size() != 1) {
          throw new IllegalStateException("one fork of " + label + ": " + m + " gave "
              + results.size() + " results, not one");
        }
        if (t == 1) {
          profiled.addAll(results);
        }
        return results.iterator().next().getPrimaryResult().getScore();
      });
    }
    return byThreads;
  }

  /** A spread of bytes per operation: the median, and the range when there are rounds. */
  static String bytes(Spread s) {
    return s.count() == 1 ? num(s.median(), 1)
        : num(s.median(), 1) + " (" + num(s.min(), 1) + " to " + num(s.max(), 1) + ")";
  }

  private static String table(InterleavedComparison[] byThreads, String op, String[] what) {
    InterleavedComparison one = byThreads[0];
    InterleavedComparison two = byThreads[1];
    MarkdownTable t = new MarkdownTable("cache", "what", "1 thread, ops/us", "ns/op",
        "slabpool vs this", "2 threads, ops/us", "slabpool vs this");
    for (int i = 0; i < PEERS.size(); i++) {
      String m = PEERS.get(i) + op;
      double ops = one.figures(m).median();
      t.row(NAMES[i], what[i], num(ops, 1), num(nanosPerOp(ops), 1),
          one.ratio(SLAB + op, m).ratios(), num(two.figures(m).median(), 1),
          two.ratio(SLAB + op, m).ratios());
    }
    return t.toString();
  }

  /** The get hits' figures at a thread count, and what each peer's hit does. */
  private static String where(InterleavedComparison c, int threads) {
    double[] ops = PEERS.stream().mapToDouble(p -> c.figures(p + "Get").median()).toArray();
    String figures = threads == 1
        ? String.format(Locale.ROOT, "On one thread (medians) a get hit takes %s ns in"
            + " slabpool, %s ns in Caffeine (with the copy), %s ns in OHC, %s ns in Ehcache.",
            num(nanosPerOp(ops[0]), 1), num(nanosPerOp(ops[1]), 1), num(nanosPerOp(ops[2]), 1),
            num(nanosPerOp(ops[3]), 1))
        : String.format(Locale.ROOT, "On %d threads (medians, all threads together) slabpool"
            + " does %s get hits/us, Caffeine %s, OHC %s, Ehcache %s.", threads,
            num(ops[0], 2), num(ops[1], 2), num(ops[2], 2), num(ops[3], 2));
    return threads == 1 ? figures + String.format(Locale.ROOT, " slabpool's hit is a"
        + " ConcurrentHashMap read, the entry's seqlock version read before and after the"
        + " %d-byte copy out of the slab, and the access recorded for the policy (a write of"
        + " the entry's heat); Caffeine's a ConcurrentHashMap read, the access recorded in a"
        + " striped buffer, and the copy; OHC's a hash of the serialised key, a segment lock,"
        + " the entry's reference count taken and dropped around the copy.",
        PayloadBenchmark.VALUE) : figures;
  }

  /**
   * The target "0 bytes allocated per get hit and per put that reuses a slot", from slabpool's
   * {@code gc.alloc.rate.norm} of each, the highest over the rounds: each counts as 0 below
   * {@link #NO_ALLOCATION}; a split verdict when one is and the other is not; NaN (no profile)
   * misses.
   */
  static Target allocationTarget(double getBytes, double putBytes, int rounds) {
    boolean getMet = getBytes < NO_ALLOCATION;
    boolean putMet = putBytes < NO_ALLOCATION;
    String verdict = getMet == putMet ? (getMet ? "met" : "**missed**")
        : (getMet ? "met" : "**missed**") + " for get hits, " + (putMet ? "met" : "**missed**")
            + " for puts";
    String measured = String.format(Locale.ROOT, "get hit: %s bytes/op; put over a present key:"
        + " %s bytes/op (`-prof gc`, 1 thread, %s; below %s counts as 0)", num(getBytes, 1),
        num(putBytes, 1), rounds == 1 ? "1 round" : "the highest of " + rounds + " rounds",
        num(NO_ALLOCATION, 0));
    StringBuilder why = new StringBuilder();
    if (!getMet) {
      why.append(String.format(Locale.ROOT, "the get hit allocated %s bytes/op: something on"
          + " the read path escapes (the key, the entry and the buffer are the caller's or the"
          + " cache's already).", num(getBytes, 1)));
    }
    if (!putMet) {
      why.append(why.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "the put"
          + " allocated %s bytes/op on the heap, outside the slab (the slot itself is reused);"
          + " in the code this section was written against, that is the `PayloadCache.Swap`"
          + " function every put hands to the index's `compute`.", num(putBytes, 1)));
    }
    return new Target("0 bytes allocated per get hit and per put that reuses a slot", measured,
        getMet && putMet, verdict, why.toString());
  }

  private static String percent(double share) {
    return Double.isFinite(share) ? num(100 * share, 1) + "%" : "n/a";
  }

  private static String threads(int n) {
    return n + " thread" + (n == 1 ? "" : "s");
  }
}
