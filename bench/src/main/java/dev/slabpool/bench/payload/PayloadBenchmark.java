package dev.slabpool.bench.payload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slabpool.Payload;
import dev.slabpool.PayloadCache;
import dev.slabpool.ValueCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.caffinitas.ohc.CacheSerializer;
import org.caffinitas.ohc.DirectValueAccess;
import org.caffinitas.ohc.OHCache;
import org.caffinitas.ohc.OHCacheBuilder;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
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
 * Byte values in and out of a cache, copy semantics on both sides: slabpool's
 * {@link PayloadCache} ({@link Payload#DIRECT}) against Caffeine holding {@code byte[]}, OHC and
 * Ehcache's off-heap store. Every cache holds the same {@value #KEYS} {@code Long} keys (boxed
 * once), each with a value of {@value #VALUE} bytes, at a capacity of about twice what they take
 * (checked: after the fill every key hits). Each benchmark thread has its own direct buffers: a
 * read copies the value into {@code dst}, a put copies it from {@code src}.
 *
 * <ul>
 *   <li>{@code *Get}: a hit, uniformly random keys. slabpool {@code get(key, dst)} (optimistic,
 *       no reference); Caffeine {@code getIfPresent} then a copy of the {@code byte[]} into
 *       {@code dst}; OHC {@code getDirect} (a view of its native memory) copied into {@code dst},
 *       then closed; Ehcache {@code get} (a fresh {@code byte[]}) copied into {@code dst}.
 *   <li>{@code *Put}: overwrites a present key with a value of the same size (slabpool reuses a
 *       slot of the same class). slabpool {@code put(key, src)}; Caffeine a new {@code byte[]}
 *       filled from {@code src} (it keeps the reference, so it cannot reuse the caller's
 *       buffer); OHC a {@code ByteBuffer} value serialised from {@code src}; Ehcache a new
 *       {@code byte[]} filled from {@code src} (its built-in serialiser).
 *   <li>{@code *PutNew}: a put-heavy load for the GC profile: every put is of a new key (its
 *       {@code Long} is boxed per put, as any caller's would be), so once the capacity is full
 *       every put evicts.
 * </ul>
 *
 * <p>Each peer's cache is its own state: a fork builds only the cache its benchmark uses. Run
 * with 1 and 2 threads ({@code -t}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PayloadBenchmark {
  /** Keys every cache holds. */
  public static final int KEYS = 1 << 16;
  /** Bytes of every value. */
  public static final int VALUE = 100;
  /** slabpool's memory cap: 16 slabs of 1 MiB, 2.4 times the key set's 104-byte slots. */
  public static final long SLABPOOL_CAP = 16L << 20;
  /** Caffeine's maximum weight (the values' lengths): twice the key set's values. */
  public static final long CAFFEINE_WEIGHT = 2L * KEYS * VALUE;
  /** OHC's capacity: twice the key set's entries (header, key and value). */
  public static final long OHC_CAP = 2L * KEYS * (OhcPeer.ENTRY_HEADER + Long.BYTES + VALUE);
  /** Ehcache's off-heap pool. */
  public static final long EHCACHE_CAP = 32L << 20;

  private static final int SAMPLES = 1 << 20;
  private static final Long[] KEY_SET = new Long[KEYS];
  /** Indices into {@link #KEY_SET}, uniformly random, shared by all threads. */
  private static final int[] ORDER = new int[SAMPLES];
  private static final AtomicInteger NAMES = new AtomicInteger();

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY_SET[i] = (long) i * 0x9E3779B1L;
    }
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < SAMPLES; i++) {
      ORDER[i] = r.nextInt(KEYS);
    }
  }

  /** OHC values held in a {@code ByteBuffer}: written from its remaining bytes, none allocated. */
  static final CacheSerializer<ByteBuffer> BUFFERS = new CacheSerializer<>() {
    @Override
    public void serialize(ByteBuffer value, ByteBuffer buf) {
      int n = value.remaining();
      buf.put(buf.position(), value, value.position(), n);
      buf.position(buf.position() + n);
    }

    @Override
    public ByteBuffer deserialize(ByteBuffer buf) {
      ByteBuffer b = ByteBuffer.allocate(buf.remaining());
      return b.put(buf).flip();
    }

    @Override
    public int serializedSize(ByteBuffer value) {
      return value.remaining();
    }
  };

  /** A value of {@link #VALUE} bytes, position 0. */
  static ByteBuffer value() {
    ByteBuffer b = ByteBuffer.allocateDirect(VALUE);
    for (int i = 0; i < VALUE; i++) {
      b.put(i, (byte) i);
    }
    return b;
  }

  /** One benchmark thread: its buffers, where it is in the key order, its next new key. */
  @State(Scope.Thread)
  public static class Caller {
    private static final AtomicInteger THREADS = new AtomicInteger();

    final ByteBuffer dst = ByteBuffer.allocateDirect(VALUE);
    final ByteBuffer src = value();
    int next;
    long fresh;

    @Setup
    public void start() {
      int t = THREADS.getAndIncrement();
      next = (t * 7919 * 64) & (SAMPLES - 1);
      fresh = (t + 1L) << 48; // above every key of the key set (< 2^48)
    }

    Long key() {
      return KEY_SET[ORDER[next++ & (SAMPLES - 1)]];
    }

    Long freshKey() {
      return fresh++;
    }
  }

  /** Fails the trial unless every key of the key set hits. */
  private static void checkAllHit(String peer, Predicate<Long> hit) {
    for (Long k : KEY_SET) {
      if (!hit.test(k)) {
        throw new IllegalStateException(peer + " lost key " + k + " of the " + KEYS
            + " it was filled with: its capacity must hold them all");
      }
    }
  }

  /** slabpool's payload cache, DIRECT, default slabs (1 MiB) and arenas, smallest slot 100. */
  @State(Scope.Benchmark)
  public static class Slabpool {
    PayloadCache<Long, byte[]> cache;

    @Setup(Level.Trial)
    public void fill() {
      cache = PayloadCache.<Long, byte[]>builder("bench-payload-jmh-" + NAMES.incrementAndGet(),
              ValueCodec.bytes()).payload(Payload.DIRECT).smallestSlot(VALUE)
          .memoryCapBytes(SLABPOOL_CAP).build();
      ByteBuffer v = value();
      for (Long k : KEY_SET) {
        cache.put(k, v);
      }
      ByteBuffer dst = ByteBuffer.allocateDirect(VALUE);
      checkAllHit("slabpool", k -> cache.get(k, dst.clear()) == VALUE);
    }

    @TearDown(Level.Trial)
    public void close() {
      cache.destroy();
    }
  }

  /** Caffeine, bounded by a weigher of the values' lengths, its default (async) maintenance. */
  @State(Scope.Benchmark)
  public static class CaffeineCache {
    Cache<Long, byte[]> cache;

    @Setup(Level.Trial)
    public void fill() {
      cache = Caffeine.newBuilder().maximumWeight(CAFFEINE_WEIGHT)
          .weigher((Long k, byte[] v) -> v.length).build();
      for (Long k : KEY_SET) {
        cache.put(k, new byte[VALUE]);
      }
      cache.cleanUp();
      checkAllHit("Caffeine", k -> cache.getIfPresent(k) != null);
    }

    @TearDown(Level.Trial)
    public void close() {
      cache.invalidateAll();
    }
  }

  /** OHC 0.7.4, linked (LRU), its default segments (twice the processors, a power of 2). */
  @State(Scope.Benchmark)
  public static class Ohc {
    OHCache<Long, ByteBuffer> cache;

    @Setup(Level.Trial)
    public void fill() {
      cache = OHCacheBuilder.<Long, ByteBuffer>newBuilder().keySerializer(OhcPeer.LONGS)
          .valueSerializer(BUFFERS).capacity(OHC_CAP).build();
      ByteBuffer v = value();
      for (Long k : KEY_SET) {
        cache.put(k, v);
      }
      checkAllHit("OHC", cache::containsKey);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      cache.close();
    }
  }

  /** Ehcache 3.12, an off-heap tier only, its built-in {@code Long} and {@code byte[]} serialisers. */
  @State(Scope.Benchmark)
  public static class Ehcache {
    CacheManager manager;
    org.ehcache.Cache<Long, byte[]> cache;

    @Setup(Level.Trial)
    public void fill() {
      String alias = "bench-payload-jmh-" + NAMES.incrementAndGet();
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .withCache(alias, CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class,
              byte[].class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                  .offheap(EHCACHE_CAP, MemoryUnit.B)))
          .build(true);
      cache = manager.getCache(alias, Long.class, byte[].class);
      for (Long k : KEY_SET) {
        cache.put(k, new byte[VALUE]);
      }
      checkAllHit("Ehcache", cache::containsKey);
    }

    @TearDown(Level.Trial)
    public void close() {
      manager.close();
    }
  }

  // ---- get hit -------------------------------------------------------------------------------

  /** slabpool: copies the value into the thread's buffer, no reference taken. */
  @Benchmark
  public int slabpoolGet(Slabpool s, Caller c) {
    return s.cache.get(c.key(), c.dst.clear());
  }

  /** Caffeine: the {@code byte[]}, copied into the thread's buffer. */
  @Benchmark
  public int caffeineGet(CaffeineCache s, Caller c) {
    byte[] v = s.cache.getIfPresent(c.key());
    if (v == null) {
      return -1;
    }
    c.dst.clear().put(v);
    return v.length;
  }

  /** OHC: a view of the value in native memory, copied into the thread's buffer, closed. */
  @Benchmark
  public int ohcGet(Ohc s, Caller c) throws IOException {
    DirectValueAccess d = s.cache.getDirect(c.key());
    if (d == null) {
      return -1;
    }
    try {
      ByteBuffer v = d.buffer();
      int n = v.remaining();
      c.dst.clear().put(v);
      return n;
    } finally {
      d.close();
    }
  }

  /** Ehcache: a fresh {@code byte[]} deserialised from off-heap, copied into the buffer. */
  @Benchmark
  public int ehcacheGet(Ehcache s, Caller c) {
    byte[] v = s.cache.get(c.key());
    if (v == null) {
      return -1;
    }
    c.dst.clear().put(v);
    return v.length;
  }

  // ---- put over a present key, same size ------------------------------------------------------

  /** slabpool: the thread's buffer copied into a slot of the same class. */
  @Benchmark
  public void slabpoolPut(Slabpool s, Caller c) {
    s.cache.put(c.key(), c.src);
  }

  /** Caffeine: a new {@code byte[]} filled from the thread's buffer. */
  @Benchmark
  public void caffeinePut(CaffeineCache s, Caller c) {
    s.cache.put(c.key(), copy(c.src));
  }

  /** OHC: the thread's buffer serialised into a new native allocation. */
  @Benchmark
  public boolean ohcPut(Ohc s, Caller c) {
    return s.cache.put(c.key(), c.src);
  }

  /** Ehcache: a new {@code byte[]} filled from the thread's buffer, serialised off-heap. */
  @Benchmark
  public void ehcachePut(Ehcache s, Caller c) {
    s.cache.put(c.key(), copy(c.src));
  }

  // ---- put of a new key, evicting once full ----------------------------------------------------

  /** slabpool: a new key, evicting at the memory cap. */
  @Benchmark
  public void slabpoolPutNew(Slabpool s, Caller c) {
    s.cache.put(c.freshKey(), c.src);
  }

  /** Caffeine: a new key and a new {@code byte[]}, evicting by weight. */
  @Benchmark
  public void caffeinePutNew(CaffeineCache s, Caller c) {
    s.cache.put(c.freshKey(), copy(c.src));
  }

  /** OHC: a new key, evicting by LRU in its segment. */
  @Benchmark
  public boolean ohcPutNew(Ohc s, Caller c) {
    return s.cache.put(c.freshKey(), c.src);
  }

  /** Ehcache: a new key and a new {@code byte[]}, evicting from the off-heap tier. */
  @Benchmark
  public void ehcachePutNew(Ehcache s, Caller c) {
    s.cache.put(c.freshKey(), copy(c.src));
  }

  private static byte[] copy(ByteBuffer src) {
    byte[] v = new byte[src.remaining()];
    src.get(src.position(), v);
    return v;
  }
}
