package dev.slabpool.bench.jmh;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.ReclaimResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Lookup latency while a large reclaim runs on another thread, against the same without reclaim.
 * One thread looks up Zipf-skewed hot keys (loading the ones a reclaim freed) and records each
 * lookup + release in an HdrHistogram; the other thread, with {@code reclaim=true}, reclaims half
 * the cache's slabs and loads the cold keys back, over and over; with {@code reclaim=false} it
 * only spins, so that both cases have the same threads busy.
 *
 * <p>Hits and misses are recorded apart. At the end of the trial, when the system property
 * {@value #OUT_PROPERTY} names a directory, the measurement iterations' histogram is written there
 * as {@code latency-reclaim-<true|false>.hgrm} (HdrHistogram's percentile output), and
 * {@link LatencySummary summaries} of all lookups, hits and misses as
 * {@code latency-reclaim-<true|false>-<all|hit|miss>.properties}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LatencyUnderReclaimBenchmark {
  /** The system property naming the directory of the histogram files. */
  public static final String OUT_PROPERTY = "slabpool.bench.latency.out";
  /** Keys the lookup thread reads. */
  static final int HOT = 1 << 14;
  /** Keys only the reclaiming thread loads: the bulk of the cache, what a reclaim frees. */
  static final int COLD = 1 << 19;
  private static final int SAMPLES = 1 << 20;
  private static final AtomicLong IDS = new AtomicLong();

  @Param({"true", "false"})
  public boolean reclaim;

  KeyedCache<Long, Long> cache;
  Long[] hot;
  Long[] cold;
  int[] zipf;
  int next;
  /** Loads of hot keys: only the lookup thread loads them, so a plain field will do. */
  long hotLoads;
  /** Lookups of this iteration that hit, and that missed and loaded. */
  Histogram hits;
  Histogram misses;
  Histogram measuredHits;
  Histogram measuredMisses;

  @Setup(Level.Trial)
  public void fill() {
    cache = KeyedCache.<Long, Long>builder("bench-latency-" + IDS.incrementAndGet())
        .objectsPerSlab(32)
        // One arena: the reclaim and the lookups' loads share its lock, the worst case. With an
        // arena per thread, the reclaimer frees the cold slabs of its own arena first.
        .arenas(1)
        .loader(this::load)
        .build();
    hot = new Long[HOT];
    cold = new Long[COLD];
    for (int i = 0; i < HOT; i++) {
      hot[i] = (long) i;
    }
    for (int i = 0; i < COLD; i++) {
      cold[i] = (long) (HOT + i);
    }
    zipf = Zipf.indices(HOT, SAMPLES, 7);
    for (Long k : hot) {
      cache.release(cache.lookup(k));
    }
    loadCold();
    hits = histogram();
    misses = histogram();
    measuredHits = histogram();
    measuredMisses = histogram();
  }

  private static Histogram histogram() {
    return new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
  }

  private Long load(Long key) {
    if (key < HOT) {
      hotLoads++;
    }
    return ~key;
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    hits.reset();
    misses.reset();
  }

  @TearDown(Level.Iteration)
  public void endIteration(IterationParams params) {
    if (params.getType() == IterationType.MEASUREMENT) {
      measuredHits.add(hits);
      measuredMisses.add(misses);
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    cache.destroy();
    String dir = System.getProperty(OUT_PROPERTY);
    if (dir == null) {
      return;
    }
    Path base = Path.of(dir, "latency-reclaim-" + reclaim);
    Histogram all = measuredHits.copy();
    all.add(measuredMisses);
    try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(base + ".hgrm")), true,
        StandardCharsets.UTF_8)) {
      all.outputPercentileDistribution(out, 1.0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LatencySummary.of(all).write(Path.of(base + "-all.properties"));
    LatencySummary.of(measuredHits).write(Path.of(base + "-hit.properties"));
    LatencySummary.of(measuredMisses).write(Path.of(base + "-miss.properties"));
  }

  private void loadCold() {
    for (Long k : cold) {
      cache.release(cache.lookup(k));
    }
  }

  /** The measured lookup: take a reference, read the value, release. */
  @Benchmark
  @Group("lookup")
  @GroupThreads(1)
  public Long lookup() {
    Long key = hot[zipf[next++ & (SAMPLES - 1)]];
    long loads = hotLoads;
    long start = System.nanoTime();
    CacheEntry<Long, Long> e = cache.lookup(key);
    Long v = e.value();
    cache.release(e);
    long nanos = System.nanoTime() - start;
    (hotLoads == loads ? hits : misses).recordValue(nanos);
    return v;
  }

  /** The background thread: a large reclaim and a reload of what it freed, or nothing. */
  @Benchmark
  @Group("lookup")
  @GroupThreads(1)
  public long background() {
    if (!reclaim) {
      return 0;
    }
    ReclaimResult r = cache.reclaim((HOT + COLD) / 32 / 2);
    loadCold();
    return r.slabsFreed();
  }
}
