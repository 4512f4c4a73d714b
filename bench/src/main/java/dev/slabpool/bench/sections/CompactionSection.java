package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.CompactionResult;
import dev.slabpool.KeyedCache;
import dev.slabpool.Payload;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.CompactionBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code compact()} of caches with a random half of their objects removed: the density it
 * reaches, what it evicts (nothing, by design: counted, not assumed) and how many bytes of slab
 * memory it moves per second on one core.
 */
public final class CompactionSection implements BenchSection {
  private static final Payload[] PAYLOADS = {Payload.DIRECT, Payload.HEAP};
  private static final double GIB = 1L << 30;
  /** Entries of the keyed cache measured: as many slots as the benchmark's slab cache. */
  private static final int KEYED_ENTRIES = CompactionBenchmark.SLABS
      * CompactionBenchmark.OBJECTS_PER_SLAB;

  @Override
  public String id() {
    return "compaction";
  }

  @Override
  public String title() {
    return "Compaction";
  }

  @Override
  public int order() {
    return 450;
  }

  @Override
  public void run(BenchContext ctx) throws RunnerException {
    JmhResults res = new JmhResults();
    res.addAll(ctx.run(ctx.jmh(CompactionBenchmark.class, "compact").threads(1)
        .mode(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
        .warmupIterations(ctx.full() ? 10 : 5).measurementIterations(ctx.full() ? 20 : 10)
        .jvmArgsAppend("-Xmx2g", "-XX:MaxDirectMemorySize=1g")));
    MarkdownTable t = new MarkdownTable("cache", "slabs before", "density before",
        "slabs after", "density after", "objects moved", "objects evicted", "ms per compact()",
        "GiB/s moved, 1 core");
    double slowest = Double.MAX_VALUE;
    double lowestDensity = Double.MAX_VALUE;
    long evicted = 0;
    for (Payload p : PAYLOADS) {
      CompactionBenchmark.Once once = CompactionBenchmark.once(p);
      double ms = res.score("compact", 1, "payload=" + p);
      double gibs = once.result().objectsMoved() * (double) CompactionBenchmark.OBJECT_SIZE
          / (ms / 1000) / GIB;
      long evictedHere = once.after().objectsReclaimed() - once.before().objectsReclaimed();
      t.row("SlabCache, " + p + " payload, mover", once.before().totalSlabs(),
          num(once.before().density(), 3), once.after().totalSlabs(),
          num(once.after().density(), 3), once.result().objectsMoved(), evictedHere, num(ms, 1),
          num(gibs, 2));
      slowest = Math.min(slowest, gibs);
      lowestDensity = Math.min(lowestDensity, once.after().density());
      evicted += evictedHere;
    }
    Keyed k = keyed();
    t.row("KeyedCache (entries only, no payload)", k.before().totalSlabs(),
        num(k.before().density(), 3), k.after().totalSlabs(), num(k.after().density(), 3),
        k.result().objectsMoved(), k.evicted(), num(k.result().nanos() / 1e6, 1), "");
    lowestDensity = Math.min(lowestDensity, k.after().density());
    evicted += k.evicted();

    ctx.markdown(String.format(Locale.ROOT, """
        `CompactionBenchmark`: before each single-shot iteration a slab cache with one arena is
        filled with %,d full slabs of %d objects of %,d bytes, which a program indexes by id, and
        a random half of them (seed %d, the same half every time) is dropped; the measured
        operation is one `compact()`. The cache copies each object's payload into its new slot;
        the mover copies the id, repoints the index and releases the fresh object. After each
        iteration every kept id is checked at its new place, payload included. Bytes moved per
        second = objects moved x %,d bytes / time. The counts (density, moved, evicted) come
        from one more compaction prepared the same way in the runner's JVM; the keyed cache row
        is such a run of `KeyedCache.compact()` (one arena, %,d entries, a random half
        removed), timed once.""", CompactionBenchmark.SLABS,
        CompactionBenchmark.OBJECTS_PER_SLAB, CompactionBenchmark.OBJECT_SIZE,
        CompactionBenchmark.SEED, CompactionBenchmark.OBJECT_SIZE, KEYED_ENTRIES));
    ctx.markdown(t.toString());
    boolean dense = lowestDensity >= 0.97 && evicted == 0;
    ctx.target(new Target("compact() of a cache with a random half removed: density >= 0.97,"
        + " zero evictions", String.format(Locale.ROOT, "lowest density %.3f, %d evicted",
        lowestDensity, evicted), dense, dense ? "" : "see the table"));
    ctx.target(new Target("compact() moves >= 1 GiB of slab memory per second per core",
        String.format(Locale.ROOT, "%.2f GiB/s (slowest payload)", slowest), slowest >= 1,
        slowest >= 1 ? "" : "see the table"));
  }

  /** What one keyed compaction did. */
  private record Keyed(SlabCacheStats before, CompactionResult result, SlabCacheStats after,
      long evicted) {}

  private static Keyed keyed() {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder("bench-compact-keyed")
        .objectsPerSlab(CompactionBenchmark.OBJECTS_PER_SLAB).arenas(1).build();
    try {
      List<Integer> keys = new ArrayList<>();
      for (int k = 0; k < KEYED_ENTRIES; k++) {
        c.put(k, "v" + k);
        keys.add(k);
      }
      Collections.shuffle(keys, new Random(CompactionBenchmark.SEED));
      keys.subList(0, KEYED_ENTRIES / 2).forEach(c::remove);
      SlabCacheStats before = c.stats();
      CompactionResult r = c.compact();
      SlabCacheStats after = c.stats();
      return new Keyed(before, r, after, after.objectsReclaimed() - before.objectsReclaimed());
    } finally {
      c.destroy();
    }
  }
}
