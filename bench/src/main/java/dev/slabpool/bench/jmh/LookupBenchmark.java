package dev.slabpool.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * The lookup hit path, Zipf-skewed keys, every key present: a keyed-cache lookup that takes a
 * reference and releases it, and its {@code getIfPresent}, which returns the value and keeps no
 * reference, against Caffeine's {@code getIfPresent} and
 * {@code ConcurrentHashMap.get}. {@link #refcountedMapGet} is the keyed cache's hit path reduced
 * to its parts (the index read plus an increment-if-not-zero and a decrement by compare-and-set),
 * to show where the time goes. Run with 1 and 2 threads ({@code -t}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LookupBenchmark {
  static final int KEYS = 1 << 16;
  private static final int SAMPLES = 1 << 20;
  private static final AtomicLong IDS = new AtomicLong();

  Long[] keys;
  int[] zipf;
  KeyedCache<Long, Long> keyed;
  Cache<Long, Long> caffeine;
  ConcurrentHashMap<Long, Long> map;
  ConcurrentHashMap<Long, Counted> counted;

  /** A value with a refcount, handled as the keyed cache handles its entries'. */
  static final class Counted {
    private static final VarHandle REFCOUNT;

    static {
      try {
        REFCOUNT = MethodHandles.lookup().findVarHandle(Counted.class, "refcount", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Long value;
    volatile int refcount = 1;

    Counted(Long value) {
      this.value = value;
    }

    boolean retain() {
      for (int c; (c = refcount) != 0; ) {
        if (REFCOUNT.compareAndSet(this, c, c + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      for (int c; ; ) {
        c = refcount;
        if (REFCOUNT.compareAndSet(this, c, c - 1)) {
          return;
        }
      }
    }
  }

  /** Where each benchmark thread is in the key sequence. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup
    public void start() {
      next = (int) (Thread.currentThread().getId() * 7919) & (SAMPLES - 1);
    }

    Long key(LookupBenchmark b) {
      return b.keys[b.zipf[next++ & (SAMPLES - 1)]];
    }
  }

  @Setup(Level.Trial)
  public void fill() {
    keys = new Long[KEYS];
    zipf = Zipf.indices(KEYS, SAMPLES, 42);
    keyed = KeyedCache.<Long, Long>builder("bench-lookup-" + IDS.incrementAndGet()).build();
    caffeine = Caffeine.newBuilder().maximumSize(KEYS).build();
    map = new ConcurrentHashMap<>();
    counted = new ConcurrentHashMap<>();
    for (int i = 0; i < KEYS; i++) {
      Long k = (long) i * 0x9E3779B1L;
      Long v = ~k;
      keys[i] = k;
      keyed.put(k, v);
      caffeine.put(k, v);
      map.put(k, v);
      counted.put(k, new Counted(v));
    }
    caffeine.cleanUp();
  }

  @TearDown(Level.Trial)
  public void destroy() {
    keyed.destroy();
  }

  /** slabpool: lookup takes a reference (increment-if-not-zero), release drops it. */
  @Benchmark
  public Long keyedLookup(Cursor c) {
    CacheEntry<Long, Long> e = keyed.lookup(c.key(this));
    Long v = e.value();
    keyed.release(e);
    return v;
  }

  /** slabpool: the value without keeping a reference (taken and dropped inside the call). */
  @Benchmark
  public Long keyedGetIfPresent(Cursor c) {
    return keyed.getIfPresent(c.key(this));
  }

  /** Caffeine: a bounded cache's read, which records the access for its eviction policy. */
  @Benchmark
  public Long caffeineGetIfPresent(Cursor c) {
    return caffeine.getIfPresent(c.key(this));
  }

  /** ConcurrentHashMap: the index alone, no reference and no policy. */
  @Benchmark
  public Long mapGet(Cursor c) {
    return map.get(c.key(this));
  }

  /** The keyed cache's hit path in parts: index read, increment-if-not-zero, decrement. */
  @Benchmark
  public Long refcountedMapGet(Cursor c) {
    Counted e = counted.get(c.key(this));
    if (!e.retain()) {
      return null;
    }
    Long v = e.value;
    e.release();
    return v;
  }
}
