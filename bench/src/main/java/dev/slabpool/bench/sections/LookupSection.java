package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;
import static dev.slabpool.bench.sections.JmhResults.nanosPerOp;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.LookupBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;

/**
 * The lookup hit path against Caffeine and ConcurrentHashMap, 1 and 2 threads, in interleaved
 * forks ({@link BenchContext#interleaved}).
 */
public final class LookupSection implements BenchSection {
  private static final List<String> METHODS = List.of("keyedLookup", "keyedGetIfPresent",
      "caffeineGetIfPresent", "mapGet", "refcountedMapGet");
  private static final String KEYED = "keyedLookup";
  private static final String KEYED_GET = "keyedGetIfPresent";
  private static final String CAFFEINE = "caffeineGetIfPresent";
  private static final String[] WHAT = {
      "slabpool `KeyedCache.lookup` + `release` (takes and drops a reference)",
      "slabpool `KeyedCache.getIfPresent` (the value; the reference is dropped inside)",
      "Caffeine `getIfPresent` (bounded cache)",
      "`ConcurrentHashMap.get` (no reference, no policy)",
      "decomposition: `ConcurrentHashMap.get` + increment-if-not-zero + decrement by CAS"};

  /** A difference of two noisy timings: "n/a" when the noise made it negative. */
  private static String difference(double nanos, double minus) {
    double d = nanos - minus;
    return d >= 0 ? num(d, 1) + " ns" : "nothing measurable in this run (" + num(d, 1) + " ns)";
  }

  @Override
  public String id() {
    return "lookup";
  }

  @Override
  public String title() {
    return "Lookup hit path";
  }

  @Override
  public int order() {
    return 200;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    InterleavedComparison[] byThreads = new InterleavedComparison[2];
    for (int threads = 1; threads <= 2; threads++) {
      int t = threads;
      byThreads[t - 1] = ctx.interleaved("lookup, " + threads(t), METHODS,
          m -> ctx.jmh(LookupBenchmark.class, m).threads(t));
    }
    InterleavedComparison one = byThreads[0];
    InterleavedComparison two = byThreads[1];
    MarkdownTable t = new MarkdownTable("benchmark", "what", "1 thread, ops/us", "ns/op",
        "vs Caffeine", "2 threads, ops/us", "vs Caffeine");
    for (int i = 0; i < METHODS.size(); i++) {
      String m = METHODS.get(i);
      double ops = one.figures(m).median();
      t.row(m, WHAT[i], num(ops, 1), num(nanosPerOp(ops), 1), one.ratio(m, CAFFEINE).ratios(),
          num(two.figures(m).median(), 1), two.ratio(m, CAFFEINE).ratios());
    }
    ctx.markdown(String.format(Locale.ROOT, """
        `LookupBenchmark`: 65,536 keys, all present, Zipf-distributed lookups (skew 0.99); every
        thread reads the same hot keys. Throughput in operations per microsecond (all threads
        together), %s. Each ratio is taken round by round against Caffeine's fork of the same
        round: its median, and in parentheses its range over the rounds.""",
        JmhResults.howInterleaved(one)));
    ctx.markdown(t.toString());

    double keyed = nanosPerOp(one.figures(KEYED).median());
    double counted = nanosPerOp(one.figures("refcountedMapGet").median());
    double map = nanosPerOp(one.figures("mapGet").median());
    double caffeine = nanosPerOp(one.figures(CAFFEINE).median());
    String where = String.format(Locale.ROOT, "On one thread (medians) the map read costs %.1f"
        + " ns; taking and dropping the reference adds %s (refcountedMapGet - mapGet: two"
        + " compare-and-sets on the entry), and the keyed cache's own checks (linked flag, key"
        + " equality, the last-reference test of release) %s (keyedLookup - refcountedMapGet);"
        + " Caffeine adds %s to the map read. With two threads every lookup of a hot key writes"
        + " that entry's refcount, so its cache line moves between the cores on every lookup;"
        + " Caffeine writes nothing into the entry on a read (it records reads in per-thread"
        + " striped buffers), and the map does not write at all.",
        map, difference(counted, map), difference(keyed, counted), difference(caffeine, map));
    Path jfr = ctx.work().resolve("jfr-lookup");
    RunResult profiled = ctx.run(JmhResults.withProfilers(
        ctx.jmh(LookupBenchmark.class, KEYED).threads(2), jfr)).iterator().next();
    ctx.markdown(JmhResults.profile(profiled, jfr));
    JfrHotMethods hot = JmhResults.hotMethods(profiled, jfr);
    if (hot != null) {
      where += String.format(Locale.ROOT, " In the Flight Recorder profile of keyedLookup on two"
          + " threads, %s%% of the CPU samples are in the refcount compare-and-sets.",
          num(100 * hot.selfShare("VarHandle", "PooledObject.slabpoolCompareAndSetRefcount"), 0));
    }
    ctx.markdown("**Where the time goes.** " + where);

    for (String method : List.of(KEYED, KEYED_GET)) {
      for (int threads = 1; threads <= 2; threads++) {
        InterleavedComparison c = byThreads[threads - 1];
        Spread ratio = c.ratio(method, CAFFEINE);
        ctx.target(Target.judged(method + " at least as fast as Caffeine getIfPresent, "
                + threads(threads), ratio, 1.0, JmhResults.versus("Caffeine", ratio,
                c.figures(method).median(), c.figures(CAFFEINE).median()), where));
      }
    }
  }

  private static String threads(int n) {
    return n + " thread" + (n == 1 ? "" : "s");
  }
}
