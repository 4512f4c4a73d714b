package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.LatencySummary;
import dev.slabpool.bench.jmh.LatencyUnderReclaimBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/** Lookup latency percentiles while a large reclaim runs, against the same without reclaim. */
public final class LatencySection implements BenchSection {
  private static final String[] KINDS = {"all", "hit", "miss"};

  @Override
  public String id() {
    return "latency";
  }

  @Override
  public String title() {
    return "Lookup latency during reclaim";
  }

  @Override
  public int order() {
    return 500;
  }

  @Override
  public void run(BenchContext ctx) throws RunnerException, IOException {
    Path out = Files.createDirectories(ctx.work().resolve("latency"));
    for (boolean reclaim : new boolean[] {true, false}) {
      for (String kind : KINDS) {
        Files.deleteIfExists(file(out, reclaim, kind));
      }
    }
    ctx.run(ctx.jmh(LatencyUnderReclaimBenchmark.class, "lookup")
        .timeUnit(TimeUnit.MILLISECONDS)
        .warmupIterations(2).warmupTime(TimeValue.seconds(2))
        .measurementIterations(ctx.full() ? 5 : 3).measurementTime(TimeValue.seconds(ctx.full() ? 4 : 2))
        .jvmArgsAppend("-Xmx3g", "-D" + LatencyUnderReclaimBenchmark.OUT_PROPERTY + "=" + out));

    MarkdownTable t = new MarkdownTable("background thread", "lookups", "p50 us", "p99 us",
        "p99.9 us", "p99.99 us", "max us");
    LatencySummary[][] s = new LatencySummary[2][KINDS.length];
    for (int r = 0; r < 2; r++) {
      boolean reclaim = r == 0;
      for (int k = 0; k < KINDS.length; k++) {
        s[r][k] = LatencySummary.read(file(out, reclaim, KINDS[k]));
        LatencySummary l = s[r][k];
        t.row((reclaim ? "reclaiming" : "idle (spinning)") + ", " + KINDS[k] + " lookups",
            count(l.count()), us(l.p50()), us(l.p99()), us(l.p999()), us(l.p9999()), us(l.max()));
      }
    }
    ctx.markdown("""
        `LatencyUnderReclaimBenchmark`: one thread looks up 16,384 hot keys (Zipf) in a keyed
        cache that also holds 524,288 cold entries, and records every lookup + release in an
        HdrHistogram. The cache has one arena, so that the reclaim and the lookups' loads share
        its lock (the worst case). The other thread either reclaims half of the cache's slabs and loads the
        cold keys back, over and over, or spins doing nothing, so that both cases keep two
        threads busy. A reclaim frees whole slabs, hot entries included: the next lookup of such
        a key misses and loads it (a *miss* row), which allocates an entry.""");
    ctx.markdown(t.toString());

    ctx.markdown("**Where the time goes.** " + missesExplained(s[0][0], s[0][1], s[0][2]));
    ctx.target(target(s[0][0], s[1][0], s[0][1], s[1][1], s[0][2]));
  }

  /**
   * The target, judged for hits alone and for all lookups: a split verdict when only one meets
   * it. {@code met} is the all-lookups verdict, what the target says.
   */
  static Target target(LatencySummary all, LatencySummary allIdle, LatencySummary hits,
      LatencySummary hitsIdle, LatencySummary misses) {
    double allRatio = (double) all.p999() / allIdle.p999();
    double hitRatio = (double) hits.p999() / hitsIdle.p999();
    boolean allMet = allRatio <= 2;
    boolean hitsMet = hitRatio <= 2;
    String verdict = allMet == hitsMet ? (allMet ? "met" : "**missed**")
        : (hitsMet ? "met" : "**missed**") + " for hits, " + (allMet ? "met" : "**missed**")
            + " for all lookups";
    String measured = String.format(Locale.ROOT, "hits: %s us vs %s us (%.1fx); all lookups: %s us"
        + " vs %s us (%.1fx)", us(hits.p999()), us(hitsIdle.p999()), hitRatio, us(all.p999()),
        us(allIdle.p999()), allRatio);
    return new Target("lookup p99.9 during reclaim within twice its value without", measured,
        allMet, verdict, allMet && hitsMet ? "" : missesExplained(all, hits, misses));
  }

  /** Why the lookups during reclaim are slower: the misses the reclaim causes, in figures. */
  static String missesExplained(LatencySummary all, LatencySummary hits, LatencySummary misses) {
    return String.format(Locale.ROOT, "during reclaim %s of the %s lookups missed (%.3f%%,"
            + " against the 0.1%% of the slowest that p99.9 looks at): each reclaim frees whole"
            + " slabs, hot entries with them, and the next lookup of such a key misses, loads it"
            + " again and allocates an entry for it: a free one, or a fresh slab of them when"
            + " there is none, which takes the arena's lock that the reclaiming thread takes too."
            + " This cache has no memory cap; at one, the reload would first have to reclaim a"
            + " slab itself. Misses take p50 %s us, p99 %s us, p99.9 %s us; hits alone reach"
            + " p99.9 %s us during reclaim.",
        count(misses.count()), count(all.count()), 100.0 * misses.count() / all.count(),
        us(misses.p50()), us(misses.p99()), us(misses.p999()), us(hits.p999()));
  }

  private static Path file(Path dir, boolean reclaim, String kind) {
    return dir.resolve("latency-reclaim-" + reclaim + "-" + kind + ".properties");
  }

  private static String us(long nanos) {
    return num(nanos / 1000.0, nanos < 10_000 ? 2 : 0);
  }
}
