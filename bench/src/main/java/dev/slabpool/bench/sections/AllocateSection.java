package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;
import static dev.slabpool.bench.sections.JmhResults.nanosPerOp;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.AllocateFreeBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;

/**
 * Allocate + free against Stormpot, Commons Pool 2 and plain allocation, 1 and 2 threads, in
 * interleaved forks ({@link BenchContext#interleaved}).
 */
public final class AllocateSection implements BenchSection {
  private static final String SLAB = "slabCache";
  private static final String STORMPOT = "stormpot";
  private static final String COMMONS = "commonsPool";
  private static final List<String> METHODS = List.of(SLAB, STORMPOT, COMMONS,
      "plainAllocation");
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
  public void run(BenchContext ctx) throws Exception {
    InterleavedComparison[] byThreads = new InterleavedComparison[2];
    for (int threads = 1; threads <= 2; threads++) {
      int th = threads;
      byThreads[th - 1] = ctx.interleaved("allocate + free, " + th + " thread"
          + (th == 1 ? "" : "s"), METHODS, m -> ctx.jmh(AllocateFreeBenchmark.class, m)
          .threads(th));
    }
    InterleavedComparison one = byThreads[0];
    InterleavedComparison two = byThreads[1];
    MarkdownTable t = new MarkdownTable("benchmark", "what", "1 thread, ops/us", "ns/op",
        "slabCache vs this", "2 threads, ops/us", "slabCache vs this");
    for (int i = 0; i < METHODS.size(); i++) {
      String m = METHODS.get(i);
      double ops = one.figures(m).median();
      t.row(m, WHAT[i], num(ops, 1), num(nanosPerOp(ops), 1), one.ratio(SLAB, m).ratios(),
          num(two.figures(m).median(), 1), two.ratio(SLAB, m).ratios());
    }
    ctx.markdown(String.format(Locale.ROOT, """
        `AllocateFreeBenchmark`: take one object and give it back, pools of 64 objects with two
        `long` fields. Stormpot is 3.2: 4.1 is compiled for Java 21 and this project builds on 17.
        Throughput: %s. Ratios are slabCache's throughput over the row's, round by round (the
        forks of the same round): their median, and in parentheses their range over the
        rounds.""", JmhResults.howInterleaved(one)));
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
      InterleavedComparison c = byThreads[threads - 1];
      String th = threads + " thread" + (threads == 1 ? "" : "s");
      double s = c.figures(SLAB).median();
      Spread stormpot = c.ratio(SLAB, STORMPOT);
      ctx.target(Target.judged("allocate + free at least as fast as Stormpot, " + th, stormpot,
          1.0, JmhResults.versus("Stormpot", stormpot, s, c.figures(STORMPOT).median()), where));
      Spread commons = c.ratio(SLAB, COMMONS);
      ctx.target(Target.judged("allocate + free 10 times Commons Pool 2, " + th, commons, 10.0,
          JmhResults.versus("Commons Pool 2", commons, s, c.figures(COMMONS).median()), where));
    }
  }
}
