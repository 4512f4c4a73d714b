package dev.slabpool.bench.jmh;

import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Reclaim throughput: each benchmark thread fills its share of {@link #SLABS} slabs of unused
 * cached objects (refcount 1) before the iteration, from its own arena, and the measured
 * operation is one {@code reclaim} of that share. Single-shot time per operation; bytes of slab
 * memory per second = {@code SLABS x SLAB_BYTES / time} (every thread reclaims at once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:MaxDirectMemorySize=1g"})
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Threads(1)
public class ReclaimBenchmark {
  /** Slabs reclaimed per iteration, by all threads together. */
  public static final int SLABS = 2048;
  /** Objects per slab. */
  public static final int OBJECTS_PER_SLAB = 64;
  /** Payload bytes per object. */
  public static final int OBJECT_SIZE = 1024;
  /** Bytes of slab memory per slab. */
  public static final long SLAB_BYTES = (long) OBJECTS_PER_SLAB * OBJECT_SIZE;
  private static final AtomicLong IDS = new AtomicLong();

  @Param({"DIRECT", "DIRECT_PROMPT", "HEAP"})
  public Payload payload;

  SlabCache<Buffer> cache;

  /** A pooled buffer header; its bytes are its slice of the slab's payload block. */
  public static final class Buffer extends PooledObject {
    int length;
  }

  /** One thread's share: filled by that thread, so it lands in that thread's arena. */
  @State(Scope.Thread)
  public static class Share {
    long slabs;

    @Setup(Level.Iteration)
    public void fill(ReclaimBenchmark b, ThreadParams threads) {
      slabs = SLABS / threads.getThreadCount();
      long objects = slabs * OBJECTS_PER_SLAB;
      Buffer[] held = new Buffer[(int) objects];
      for (int i = 0; i < objects; i++) {
        held[i] = b.cache.allocate();
        held[i].length = OBJECT_SIZE;
      }
      for (Buffer o : held) {
        b.cache.release(o); // refcount 1: cached, unused, reclaimable
      }
    }
  }

  @Setup(Level.Trial)
  public void build() {
    cache = SlabCache.<Buffer>builder("bench-reclaim-" + IDS.incrementAndGet(), Buffer::new)
        .objectsPerSlab(OBJECTS_PER_SLAB)
        .objectSize(OBJECT_SIZE)
        .payload(payload)
        .reclaimable((buffer, mode) -> true)
        .freeListSize(0)
        .build();
  }

  @TearDown(Level.Iteration)
  public void check() {
    long left = cache.stats().totalSlabs();
    if (left != 0) {
      throw new IllegalStateException("reclaim left " + left + " slabs: the figure would be wrong");
    }
  }

  @TearDown(Level.Trial)
  public void destroy() {
    cache.destroy();
  }

  /** One reclaim of this thread's share of the slabs. */
  @Benchmark
  public ReclaimResult reclaim(Share share) {
    return cache.reclaim(share.slabs);
  }
}
