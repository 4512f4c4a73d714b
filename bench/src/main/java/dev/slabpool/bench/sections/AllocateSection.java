package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;
import static dev.slabpool.bench.sections.JmhResults.nanosPerOp;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.AllocateFreeBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.util.Collection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/** Allocate + free against Stormpot, Commons Pool 2 and plain allocation, 1 and 2 threads. */
public final class AllocateSection implements BenchSection {
  private static final String[] METHODS = {"slabCache", "stormpot", "commonsPool",
      "plainAllocation"};
  private static final String[] WHAT = {
      "slabpool `SlabCache.allocate` + `free`",
      "Stormpot 3.2 `claim` + `release`",
      "Apache Commons Pool 2 `borrowObject` + `returnObject`",
      "`new` (garbage collected)"};

  private static String percent(double share) {
    return Double.isFinite(share) ? num(100 * share, 0) + "%" : "(no profile)";
  }

  @Override
  public String id() {
    return "allocate";
  }

  @Override
  public String title() {
    return "Allocate + free";
  }

  @Override
  public int order() {
    return 300;
  }

  @Override
  public void run(BenchContext ctx) throws RunnerException, IOException {
    JmhResults res = new JmhResults();
    for (int threads = 1; threads <= 2; threads++) {
      res.addAll(ctx.run(ctx.jmh(AllocateFreeBenchmark.class, String.join("|", METHODS))
          .threads(threads)));
    }
    MarkdownTable t = new MarkdownTable("benchmark", "what", "1 thread, ops/us", "ns/op",
        "slabCache vs this", "2 threads, ops/us", "slabCache vs this");
    for (int i = 0; i < METHODS.length; i++) {
      double one = res.score(METHODS[i], 1);
      double two = res.score(METHODS[i], 2);
      t.row(METHODS[i], WHAT[i], num(one, 1), num(nanosPerOp(one), 1),
          num(res.score("slabCache", 1) / one, 2) + "x", num(two, 1),
          num(res.score("slabCache", 2) / two, 2) + "x");
    }
    ctx.markdown("""
        `AllocateFreeBenchmark`: take one object and give it back, pools of 64 objects with two
        `long` fields. Stormpot is 3.2: 4.1 is compiled for Java 21 and this project builds on 17.
        Ratios are slabCache's throughput over the row's, same run.""");
    ctx.markdown(t.toString());

    Path jfr = ctx.work().resolve("jfr-allocate");
    Collection<RunResult> profiled = ctx.run(JmhResults.withProfilers(
        ctx.jmh(AllocateFreeBenchmark.class, "slabCache|stormpot").threads(1), jfr));
    double lockShare = Double.NaN;
    double casShare = Double.NaN;
    for (RunResult r : profiled) {
      ctx.markdown(JmhResults.profile(r, jfr));
      JfrHotMethods h = JmhResults.hotMethods(r, jfr);
      if (h != null && r.getParams().getBenchmark().endsWith(".slabCache")) {
        lockShare = h.selfShare("AbstractQueuedSynchronizer", "ReentrantLock",
            "AbstractOwnableSynchronizer");
        casShare = h.selfShare("VarHandle", "PooledObject.slabpoolCompareAndSetRefcount");
      }
    }

    String where = String.format(Locale.ROOT, "allocate and free first use the calling"
        + " thread's cache of up to 4 free objects (no lock: one atomic swap and the refcount"
        + " compare-and-set 0 -> 2 or 2 -> 0); only when that cache is empty or full do they take"
        + " the home arena's lock (in the Flight Recorder profile above, %s of slabCache's CPU"
        + " samples are in the lock, %s in the refcount compare-and-sets). Stormpot hands a"
        + " thread the slot it released last and claims it with one atomic update.",
        percent(lockShare), percent(casShare));
    for (int threads = 1; threads <= 2; threads++) {
      double s = res.score("slabCache", threads);
      double p = res.score("stormpot", threads);
      double c = res.score("commonsPool", threads);
      String th = threads + " thread" + (threads == 1 ? "" : "s");
      ctx.target(new Target("allocate + free at least as fast as Stormpot, " + th,
          String.format(Locale.ROOT, "%.2fx Stormpot (%.1f vs %.1f ops/us)", s / p, s, p),
          s >= p, s >= p ? "" : where));
      ctx.target(new Target("allocate + free 10 times Commons Pool 2, " + th,
          String.format(Locale.ROOT, "%.1fx Commons Pool 2 (%.1f vs %.1f ops/us)", s / c, s, c),
          s >= 10 * c, s >= 10 * c ? "" : where));
    }
  }
}
