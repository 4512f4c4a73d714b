package dev.slabpool.bench.jmh;

import dev.slabpool.SlabCache;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import stormpot.BasePoolable;
import stormpot.Pool;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * Taking an object from a pool and giving it back: {@link SlabCache#allocate()} and
 * {@link SlabCache#free}, against Stormpot's claim and release, Apache Commons Pool 2's borrow and
 * return, and plain allocation of the same object. Run with 1 and 2 threads ({@code -t}). The
 * burst variants take {@value #BURST} objects, then give them all back (a request holding a few
 * buffers): what sizes the slab cache's per-thread cache; the runner does not run them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocateFreeBenchmark {
  /** Objects in each pool: more than enough for the benchmark threads. */
  static final int POOL_SIZE = 64;
  /** Objects held at once by the burst variants. */
  static final int BURST = 4;
  private static final AtomicLong IDS = new AtomicLong();
  private static final Timeout CLAIM_TIMEOUT = new Timeout(10, TimeUnit.SECONDS);

  SlabCache<SlabObject> slabs;
  Pool<StormpotObject> stormpot;
  GenericObjectPool<PlainObject> commons;

  /** The pooled object of the slab cache: the same two fields as the others. */
  public static final class SlabObject extends dev.slabpool.PooledObject {
    long id;
    long uses;
  }

  /** The pooled object of Stormpot. */
  public static final class StormpotObject extends BasePoolable {
    long id;
    long uses;

    StormpotObject(Slot slot) {
      super(slot);
    }
  }

  /** The pooled object of Commons Pool, and what plain allocation allocates. */
  public static final class PlainObject {
    long id;
    long uses;
  }

  @Setup(Level.Trial)
  public void build() throws Exception {
    slabs = SlabCache.<SlabObject>builder("bench-alloc-" + IDS.incrementAndGet(), SlabObject::new)
        .objectsPerSlab(POOL_SIZE)
        .build();
    stormpot = Pool.from(new stormpot.Allocator<StormpotObject>() {
      @Override
      public StormpotObject allocate(Slot slot) {
        return new StormpotObject(slot);
      }

      @Override
      public void deallocate(StormpotObject poolable) {
        // nothing to clean up
      }
    }).setSize(POOL_SIZE).build();
    // Claim every object once, so that Stormpot's background allocator has filled the pool.
    StormpotObject[] warm = new StormpotObject[POOL_SIZE];
    for (int i = 0; i < POOL_SIZE; i++) {
      warm[i] = stormpot.claim(CLAIM_TIMEOUT);
    }
    for (StormpotObject o : warm) {
      o.release();
    }
    GenericObjectPoolConfig<PlainObject> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(POOL_SIZE);
    config.setMaxIdle(POOL_SIZE);
    config.setJmxEnabled(false);
    commons = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
      @Override
      public PlainObject create() {
        return new PlainObject();
      }

      @Override
      public PooledObject<PlainObject> wrap(PlainObject obj) {
        return new DefaultPooledObject<>(obj);
      }
    }, config);
    commons.addObjects(POOL_SIZE);
  }

  @TearDown(Level.Trial)
  public void shutdown() throws InterruptedException {
    slabs.destroy();
    stormpot.shutdown().await(CLAIM_TIMEOUT);
    commons.close();
  }

  /** slabpool: allocate (refcount 0 to 2) and free (2 to 0). */
  @Benchmark
  public long slabCache() {
    SlabObject o = slabs.allocate();
    long u = ++o.uses;
    slabs.free(o);
    return u;
  }

  /** slabpool: {@value #BURST} allocations, then {@value #BURST} frees. */
  @Benchmark
  public long slabCacheBurst() {
    SlabObject[] held = new SlabObject[BURST];
    long u = 0;
    for (int i = 0; i < BURST; i++) {
      held[i] = slabs.allocate();
      u += ++held[i].uses;
    }
    for (SlabObject o : held) {
      slabs.free(o);
    }
    return u;
  }

  /** Stormpot: {@value #BURST} claims, then {@value #BURST} releases. */
  @Benchmark
  public long stormpotBurst() throws InterruptedException {
    StormpotObject[] held = new StormpotObject[BURST];
    long u = 0;
    for (int i = 0; i < BURST; i++) {
      held[i] = stormpot.claim(CLAIM_TIMEOUT);
      u += ++held[i].uses;
    }
    for (StormpotObject o : held) {
      o.release();
    }
    return u;
  }

  /** Stormpot: claim and release. */
  @Benchmark
  public long stormpot() throws InterruptedException {
    StormpotObject o = stormpot.claim(CLAIM_TIMEOUT);
    long u = ++o.uses;
    o.release();
    return u;
  }

  /** Apache Commons Pool 2: borrow and return. */
  @Benchmark
  public long commonsPool() throws Exception {
    PlainObject o = commons.borrowObject();
    long u = ++o.uses;
    commons.returnObject(o);
    return u;
  }

  /** No pool: a new object each time, left to the garbage collector. */
  @Benchmark
  public PlainObject plainAllocation() {
    PlainObject o = new PlainObject();
    o.uses++;
    return o;
  }
}
