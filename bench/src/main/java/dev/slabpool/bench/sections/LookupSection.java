package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;
import static dev.slabpool.bench.sections.JmhResults.nanosPerOp;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.LookupBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/** The lookup hit path against Caffeine and ConcurrentHashMap, 1 and 2 threads. */
public final class LookupSection implements BenchSection {
  private static final String[] METHODS = {"keyedLookup", "caffeineGetIfPresent", "mapGet",
      "refcountedMapGet"};
  private static final String[] WHAT = {
      "slabpool `KeyedCache.lookup` + `release` (takes and drops a reference)",
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
  public void run(BenchContext ctx) throws RunnerException, IOException {
    JmhResults res = new JmhResults();
    for (int threads = 1; threads <= 2; threads++) {
      res.addAll(ctx.run(ctx.jmh(LookupBenchmark.class, String.join("|", METHODS)).threads(threads)));
    }
    MarkdownTable t = new MarkdownTable("benchmark", "what", "1 thread, ops/us", "ns/op",
        "vs Caffeine", "2 threads, ops/us", "vs Caffeine");
    for (int i = 0; i < METHODS.length; i++) {
      double one = res.score(METHODS[i], 1);
      double two = res.score(METHODS[i], 2);
      t.row(METHODS[i], WHAT[i], num(one, 1), num(nanosPerOp(one), 1),
          num(one / res.score("caffeineGetIfPresent", 1), 2) + "x", num(two, 1),
          num(two / res.score("caffeineGetIfPresent", 2), 2) + "x");
    }
    ctx.markdown("""
        `LookupBenchmark`: 65,536 keys, all present, Zipf-distributed lookups (skew 0.99); every
        thread reads the same hot keys. Throughput in operations per microsecond (all threads
        together); ratios against Caffeine from the same run.""");
    ctx.markdown(t.toString());

    double keyed = nanosPerOp(res.score("keyedLookup", 1));
    double counted = nanosPerOp(res.score("refcountedMapGet", 1));
    double map = nanosPerOp(res.score("mapGet", 1));
    double caffeine = nanosPerOp(res.score("caffeineGetIfPresent", 1));
    String where = String.format(Locale.ROOT, "On one thread the map read costs %.1f ns; taking"
        + " and dropping the reference adds %s (refcountedMapGet - mapGet: two compare-and-sets on"
        + " the entry), and the keyed cache's own checks (linked flag, key equality, the"
        + " last-reference test of release) %s (keyedLookup - refcountedMapGet); Caffeine adds %s"
        + " to the map read. With two threads every lookup of a hot key writes that entry's"
        + " refcount, so its cache line moves between the cores on every lookup; Caffeine writes"
        + " nothing into the entry on a read (it records reads in per-thread striped buffers),"
        + " and the map does not write at all.",
        map, difference(counted, map), difference(keyed, counted), difference(caffeine, map));
    Path jfr = ctx.work().resolve("jfr-lookup");
    RunResult profiled = ctx.run(JmhResults.withProfilers(
        ctx.jmh(LookupBenchmark.class, "keyedLookup").threads(2), jfr)).iterator().next();
    ctx.markdown(JmhResults.profile(profiled, jfr));
    JfrHotMethods hot = JmhResults.hotMethods(profiled, jfr);
    if (hot != null) {
      where += String.format(Locale.ROOT, " In the Flight Recorder profile of keyedLookup on two"
          + " threads, %s%% of the CPU samples are in the refcount compare-and-sets.",
          num(100 * hot.selfShare("VarHandle", "PooledObject.slabpoolCompareAndSetRefcount"), 0));
    }
    ctx.markdown("**Where the time goes.** " + where);

    for (int threads = 1; threads <= 2; threads++) {
      double k = res.score("keyedLookup", threads);
      double c = res.score("caffeineGetIfPresent", threads);
      ctx.target(new Target("lookup at least as fast as Caffeine getIfPresent, " + threads
          + " thread" + (threads == 1 ? "" : "s"),
          String.format(Locale.ROOT, "%.2fx Caffeine (%.1f vs %.1f ops/us)", k / c, k, c),
          k >= c, k >= c ? "" : where));
    }
  }
}
