package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.payload.CacheAside;
import dev.slabpool.bench.payload.CaffeinePeer;
import dev.slabpool.bench.payload.PayloadPeer;
import dev.slabpool.bench.payload.Recovery;
import dev.slabpool.bench.payload.ShiftWorkload;
import dev.slabpool.bench.payload.SlabpoolPeer;
import dev.slabpool.bench.replay.Progress;
import dev.slabpool.bench.report.MarkdownTable;
import dev.slabpool.bench.report.ShiftChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Value sizes that shift from small to large half-way ({@link ShiftWorkload}): the hit ratio over
 * time windows of the rebalancing {@code PayloadCache}, of the same size classes with each
 * class's memory frozen at the half-way point, and of Caffeine at the same bytes.
 */
public final class PayloadShiftSection implements BenchSection {
  static final int SMALL_KEYS = 160_000;
  static final int LARGE_KEYS = 8_000;
  static final long CAP_BYTES = 4L << 20;
  static final int SLAB_SIZE = 1 << 16;
  static final int SMALLEST_SLOT = 32;
  static final int WINDOW = 5_000;
  /** Windows averaged for the level before the shift and at the end. */
  static final int SPAN = 10;
  /** Recovered: a window at this fraction of the level before the shift. */
  static final double RECOVERED = 0.9;
  static final long SEED = 42;

  @Override
  public String id() {
    return "payload-shift";
  }

  @Override
  public String title() {
    return "PayloadCache: value sizes shifting from small to large";
  }

  @Override
  public int order() {
    return 170;
  }

  @Override
  public void run(BenchContext ctx) throws IOException {
    int perHalf = ctx.repeats(200_000, 1_000_000, 2_000_000);
    ShiftWorkload w = ShiftWorkload.of(SMALL_KEYS, LARGE_KEYS, perHalf, SEED);
    Progress progress = new Progress(System.err);
    long[] keys = w.keys();
    int n = keys.length;
    if (w.shiftAt() % WINDOW != 0) {
      throw new IllegalStateException("the shift at access " + w.shiftAt() + " must start a"
          + " window of " + WINDOW);
    }
    int shiftWindow = w.shiftAt() / WINDOW;

    double[] rebalancing;
    long cacheWorth;
    long[] frozen;
    long rebalances;
    try (SlabpoolPeer p = SlabpoolPeer.of(CAP_BYTES, SLAB_SIZE, SMALLEST_SLOT)) {
      double[] before = CacheAside.windows(p, keys, 0, w.shiftAt(), WINDOW, w::size, progress,
          "shift, rebalancing, first half");
      cacheWorth = p.entries();
      List<SlabCacheStats> classes = p.cache().classStats();
      frozen = classes.stream().mapToLong(SlabCacheStats::totalSlabs).toArray();
      double[] after = CacheAside.windows(p, keys, w.shiftAt(), n, WINDOW, w::size, progress,
          "shift, rebalancing, second half");
      rebalancing = concat(before, after);
      rebalances = p.cache().rebalances();
    }
    double[] fixed;
    long fixedSlabs = 0;
    long extraSlabs = 0;
    try (SlabpoolPeer p = SlabpoolPeer.of(-1, SLAB_SIZE, SMALLEST_SLOT)) {
      List<ManagedCache> classes = p.cache().sizeClasses();
      for (int i = 0; i < classes.size(); i++) {
        // A class's cap is at least one slab: a class empty at the half-way point gets one.
        long cap = Math.max(1, frozen[i]);
        classes.get(i).memoryCap(cap);
        fixedSlabs += cap;
        extraSlabs += cap - frozen[i];
      }
      fixed = all(p, w, progress, "shift, fixed split");
    }
    double[] caffeine;
    try (CaffeinePeer p = new CaffeinePeer(CAP_BYTES)) {
      caffeine = all(p, w, progress, "shift, caffeine");
    }

    Map<String, double[]> runs = new LinkedHashMap<>();
    runs.put("PayloadCache, rebalancing", rebalancing);
    runs.put("PayloadCache, split frozen at the shift", fixed);
    runs.put("Caffeine, weigher, same bytes", caffeine);
    ctx.markdown(String.format(Locale.ROOT, """
        `ShiftWorkload`: %s accesses; the first %s draw keys 0 to %s (Zipf 0.99) whose values
        are 32 to 255 bytes (`ValueSizes.between`, %s bytes for all keys), the next %s draw
        %s other keys (Zipf 0.99) whose values are 1,024 to 4,095 bytes (%s bytes for all); the
        first half's keys are not read again. Cache-aside, one thread, every cache at %s bytes:
        slabpool's `PayloadCache` (DIRECT, slabs of %s bytes, smallest slot %d, so %s slabs)
        rebalancing at its shared cap; the same size classes with the shared cap lifted and each
        class's own cap (`sizeClasses().get(i).memoryCap(slabs)`) frozen at the slabs the
        rebalancing cache's class held at the shift (a class that held none gets one, the least
        a cap can be: %s more slabs than the rebalancing cache, %s in all), replaying the whole
        workload from the start; and Caffeine with a weigher of the values' lengths. Hit ratio
        per window of %s accesses. *Before*: the mean of the %d windows before the shift;
        *end*: of the last %d windows; *recovered after*: accesses from the shift to the end of
        the first window at %.0f%% of the level before. One cache's worth: the %s entries the
        rebalancing cache held at the shift. The rebalancing cache moved %s slabs between
        classes.""", count(n), count(w.shiftAt()), count(SMALL_KEYS - 1),
        count(w.halfBytes(false)), count(n - w.shiftAt()), count(LARGE_KEYS),
        count(w.halfBytes(true)), count(CAP_BYTES), count(SLAB_SIZE), SMALLEST_SLOT,
        count(CAP_BYTES / SLAB_SIZE), count(extraSlabs), count(fixedSlabs), count(WINDOW), SPAN,
        SPAN, RECOVERED * 100, count(cacheWorth), count(rebalances)));
    MarkdownTable t = new MarkdownTable("cache", "before the shift", "first window after",
        "end", "recovered after (accesses)", "within one cache's worth");
    Map<String, Recovery> recoveries = new LinkedHashMap<>();
    runs.forEach((name, windows) -> {
      Recovery r = Recovery.of(windows, shiftWindow, WINDOW, SPAN, RECOVERED);
      recoveries.put(name, r);
      t.row(name, num(r.before(), 4), num(r.firstAfter(), 4), num(r.after(), 4),
          r.recoveredAfter() < 0 ? "not within the run" : count(r.recoveredAfter()),
          within(r, cacheWorth) ? "yes" : "no");
    });
    ctx.markdown(t.toString());
    Path chart = ShiftChart.write("Value sizes shifting from small to large", runs, WINDOW,
        w.shiftAt(), ctx.chartDir().resolve("payload-shift.png"));
    ctx.markdown(ctx.image("hit ratio per window, value sizes shifting half-way", chart));
    Recovery rebalanced = recoveries.get("PayloadCache, rebalancing");
    Recovery frozenSplit = recoveries.get("PayloadCache, split frozen at the shift");
    boolean met = within(rebalanced, cacheWorth);
    ctx.target(new Target("value sizes shift half-way: PayloadCache's hit ratio recovers within"
            + " one cache's worth of accesses",
        String.format(Locale.ROOT, "back to %.0f%% of %.4f after %s accesses (one cache's worth:"
                + " %s); at the end %.4f, a split frozen at the shift %.4f", RECOVERED * 100,
            rebalanced.before(), rebalanced.recoveredAfter() < 0 ? "no number of"
                : count(rebalanced.recoveredAfter()), count(cacheWorth), rebalanced.after(),
            frozenSplit.after()),
        met, met ? "" : "see the table and the chart: the windows after the shift stay below"
            + " the level"));
  }

  static boolean within(Recovery r, long cacheWorth) {
    return r.recoveredAfter() >= 0 && r.recoveredAfter() <= cacheWorth;
  }

  private static double[] all(PayloadPeer p, ShiftWorkload w, Progress progress, String phase) {
    return CacheAside.windows(p, w.keys(), 0, w.keys().length, WINDOW, w::size, progress, phase);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
