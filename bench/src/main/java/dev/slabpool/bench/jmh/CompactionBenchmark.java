package dev.slabpool.bench.jmh;

import dev.slabpool.CompactionResult;
import dev.slabpool.Mover;
import dev.slabpool.Payload;
import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheStats;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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

/**
 * Compaction throughput: before each single-shot iteration a slab cache with one arena is filled
 * with {@link #SLABS} full slabs of objects that a program indexes by id (an array, as a real
 * program's table would), and a random half of them (the same half every iteration) is dropped;
 * the measured operation is one {@code compact()}, whose mover copies the id, repoints the index
 * and releases the fresh object. The payload bytes are copied by the cache. Bytes of slab memory
 * moved per second = {@code objectsMoved x OBJECT_SIZE / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:MaxDirectMemorySize=1g"})
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Threads(1)
public class CompactionBenchmark {
  /** Full slabs before the half is dropped. */
  public static final int SLABS = 1024;
  /** Objects per slab. */
  public static final int OBJECTS_PER_SLAB = 64;
  /** Payload bytes per object. */
  public static final int OBJECT_SIZE = 1024;
  /** Seed of the half that is dropped. */
  public static final long SEED = 42;
  private static final int OBJECTS = SLABS * OBJECTS_PER_SLAB;
  private static final AtomicLong IDS = new AtomicLong();

  @Param({"DIRECT", "HEAP"})
  public Payload payload;

  SlabCache<Item> cache;
  /** The program's index: id to object, {@code null} once dropped. */
  AtomicReferenceArray<Item> index;

  /**
   * One compaction outside JMH, as the benchmark prepares it: what it did and the statistics
   * before and after, for the figures a timing does not give (density, evictions, bytes moved).
   */
  public record Once(SlabCacheStats before, CompactionResult result, SlabCacheStats after) {}

  /** Prepares one iteration, compacts once and checks the index, in the calling JVM. */
  public static Once once(Payload payload) {
    CompactionBenchmark b = new CompactionBenchmark();
    b.payload = payload;
    b.build();
    try {
      b.fill();
      SlabCacheStats before = b.cache.stats();
      CompactionResult r = b.compact();
      b.check();
      return new Once(before, r, b.cache.stats());
    } finally {
      b.destroy();
    }
  }

  /** A program's object: its id; its bytes are its slice of the slab's payload block. */
  public static final class Item extends PooledObject {
    int id;
  }

  @Setup(Level.Trial)
  public void build() {
    index = new AtomicReferenceArray<>(OBJECTS);
    cache = SlabCache.<Item>builder("bench-compact-" + IDS.incrementAndGet(), Item::new)
        .objectsPerSlab(OBJECTS_PER_SLAB).objectSize(OBJECT_SIZE).payload(payload).arenas(1)
        .freeListSize(0).mover(this::move).build();
  }

  private Mover.Answer move(Item from, Item to) {
    to.id = from.id;
    if (!index.compareAndSet(from.id, from, to)) {
      return Mover.Answer.DONT_NEED;
    }
    cache.release(to);
    return Mover.Answer.MOVED;
  }

  /** Full slabs, then a random half of the objects dropped: holes spread over every slab. */
  @Setup(Level.Iteration)
  public void fill() {
    for (int id = 0; id < OBJECTS; id++) {
      Item item = index.get(id);
      if (item != null) {
        index.set(id, null);
        cache.retain(item);
        cache.free(item);
      }
    }
    cache.shrink();
    for (int id = 0; id < OBJECTS; id++) {
      Item item = cache.allocate();
      item.id = id;
      cache.payload(item).putInt(0, id);
      index.set(id, item);
      cache.release(item);
    }
    Random random = new Random(SEED);
    for (int dropped = 0; dropped < OBJECTS / 2; ) {
      int id = random.nextInt(OBJECTS);
      Item item = index.get(id);
      if (item != null) {
        index.set(id, null);
        cache.retain(item);
        cache.free(item);
        dropped++;
      }
    }
  }

  @TearDown(Level.Iteration)
  public void check() {
    for (int id = 0; id < OBJECTS; id++) {
      Item item = index.get(id);
      if (item != null && (item.id != id || cache.payload(item).getInt(0) != id)) {
        throw new IllegalStateException("object " + id + " was not moved intact: the figure"
            + " would be wrong");
      }
    }
  }

  @TearDown(Level.Trial)
  public void destroy() {
    cache.destroy();
  }

  /** One compaction of the half-empty cache. */
  @Benchmark
  public CompactionResult compact() {
    return cache.compact();
  }
}
