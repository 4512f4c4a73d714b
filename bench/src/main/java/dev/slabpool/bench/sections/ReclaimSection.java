package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.Payload;
import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.ReclaimBenchmark;
import dev.slabpool.bench.report.MarkdownTable;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.RunnerException;

/** Reclaim throughput in bytes of slab memory per second, 1 and 2 threads, direct and heap. */
public final class ReclaimSection implements BenchSection {
  private static final String[] PAYLOADS = {"DIRECT", "DIRECT_PROMPT", "HEAP"};
  private static final double GIB = 1L << 30;
  private static final double MIB = 1L << 20;

  @Override
  public String id() {
    return "reclaim";
  }

  @Override
  public String title() {
    return "Reclaim throughput";
  }

  @Override
  public int order() {
    return 400;
  }

  @Override
  public void run(BenchContext ctx) throws RunnerException {
    JmhResults res = new JmhResults();
    for (int threads = 1; threads <= 2; threads++) {
      res.addAll(ctx.run(ctx.jmh(ReclaimBenchmark.class, "reclaim").threads(threads)
          .mode(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
          .warmupIterations(ctx.full() ? 10 : 5).measurementIterations(ctx.full() ? 20 : 10)
          .jvmArgsAppend("-Xmx2g", "-XX:MaxDirectMemorySize=1g")));
    }
    double bytes = (double) ReclaimBenchmark.SLABS * ReclaimBenchmark.SLAB_BYTES;
    MarkdownTable t = new MarkdownTable("payload", "threads reclaiming at once",
        "ms per reclaim (each thread)", "GiB/s, all threads", "GiB/s per thread",
        "objects/s, all threads");
    double worstOneThread = Double.MAX_VALUE;
    for (String payload : PAYLOADS) {
      for (int threads = 1; threads <= 2; threads++) {
        double ms = res.score("reclaim", threads, "payload=" + payload);
        double gibs = bytes / (ms / 1000) / GIB;
        t.row(payload, threads, num(ms, 2), num(gibs, 2), num(gibs / threads, 2),
            String.format(Locale.ROOT, "%.2e", ReclaimBenchmark.SLABS
                * (double) ReclaimBenchmark.OBJECTS_PER_SLAB / (ms / 1000)));
        if (threads == 1) {
          worstOneThread = Math.min(worstOneThread, gibs);
        }
      }
    }
    ctx.markdown(String.format(Locale.ROOT, """
        `ReclaimBenchmark`: before each single-shot iteration every thread fills its share of
        %,d slabs (%d objects of %,d bytes each, %,d KiB of payload per slab, %,d MiB in all)
        from its own arena with unused cached objects (refcount 1); the measured operation is one
        `reclaim` of that share, all threads at once. On JDK 22+ DIRECT and DIRECT_PROMPT
        payload is released at once (a closed shared `Arena`). On JDK 17-21 DIRECT (the safe
        default) is dropped for the buffers' cleaners, which free it after a GC, and
        DIRECT_PROMPT is freed at once (`Unsafe.invokeCleaner`; unsafe if a caller keeps a
        payload buffer past `release`). HEAP payload is dropped for the GC. The GC's later work
        is not in this figure; the next table shows when the memory comes back.""",
        ReclaimBenchmark.SLABS, ReclaimBenchmark.OBJECTS_PER_SLAB, ReclaimBenchmark.OBJECT_SIZE,
        ReclaimBenchmark.SLAB_BYTES / 1024, (long) bytes >> 20));
    ctx.markdown(t.toString());
    ctx.markdown(memoryReturn());
    ctx.target(new Target("reclaim at least 1 GiB of slab memory per second on one core",
        String.format(Locale.ROOT, "%.2f GiB/s (slowest payload, 1 thread)", worstOneThread),
        worstOneThread >= 1, worstOneThread >= 1 ? "" : "see the table"));
  }

  /** When the direct memory of reclaimed slabs leaves the JVM, for both direct payloads. */
  private static String memoryReturn() {
    String intro = String.format(Locale.ROOT, """
        **When the memory comes back** (`DirectMemoryReturn`, in the runner's JVM, JDK %d): %,d
        slabs of %,d KiB of unused objects are reclaimed at once; then `System.gc()` runs until
        the `direct` buffer pool has given all of it back (at most 20 times).""",
        Runtime.version().feature(), DirectMemoryReturn.SLABS,
        DirectMemoryReturn.OBJECTS_PER_SLAB * DirectMemoryReturn.OBJECT_SIZE / 1024);
    if (!DirectMemoryReturn.counted()) {
      return intro + " On this JDK both direct payloads live in FFM arenas, closed by the"
          + " reclaim itself and not counted in that pool: nothing to wait for.";
    }
    MarkdownTable t = new MarkdownTable("payload", "MiB reclaimed", "MiB back at reclaim",
        "MiB back after GCs", "System.gc() calls", "ms of those GCs");
    for (Payload p : new Payload[] {Payload.DIRECT, Payload.DIRECT_PROMPT}) {
      DirectMemoryReturn.Seen s = DirectMemoryReturn.measure(p);
      t.row(p, num(s.slabBytes() / MIB, 1), num(s.backAtReclaim() / MIB, 1),
          num(s.back() / MIB, 1), s.gcs(), num(s.gcMillis(), 1));
    }
    return intro + "\n\n" + t;
  }
}
