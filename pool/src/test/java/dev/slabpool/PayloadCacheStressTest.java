package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Four threads on the two cores, a bounded number of operations each (not a duration), on a
 * payload cache of seven size classes (16 to 1024 bytes, doubling, 1 KiB slabs) under a cap of
 * sixteen slabs and one arena per class: puts of {@link PayloadValues} of every class, copy-outs
 * ({@link PayloadCache#get(Object, ByteBuffer)}, the optimistic read), decodes, views held across
 * other operations, removes; a fifth thread compacts and reclaims until they are done. The cap
 * makes the classes take slabs from one another at every turn, and the single arena hands a slot
 * just freed to the next value of its class, whatever its key or length.
 *
 * <p>Every value says whose it is, so every read is checked as it happens: a copy-out or decode
 * that hits must be exactly a value written for its key (never torn, never another key's bytes);
 * a view must be one and stay byte for byte the same until released, while its key is replaced
 * or removed meanwhile. Each thread also owns keys no other thread writes, whose reads by their
 * owner must find its last value or nothing (evicted), and nothing after its remove. At the end
 * the quiescent invariants hold ({@link PayloadInvariants}, {@link PayloadChecks}), the index
 * holds what the reads find, and destroy gives every slab back. The run must have seen what it
 * exists for (rebalances, slots reused across keys and lengths, views outliving their values,
 * compaction moving entries), so it cannot pass by doing nothing.
 */
class PayloadCacheStressTest {
  private static final int SLAB = 1024;
  private static final int CAP_SLABS = 16;
  private static final int WORKERS = 4;
  private static final int OPS_PER_WORKER = 40_000;
  /** Keys 0 to 39 every worker writes; then each worker's own two. */
  private static final int SHARED_KEYS = 40;
  private static final int OWN_KEYS = 2;
  private static final int KEYS = SHARED_KEYS + WORKERS * OWN_KEYS;

  @ParameterizedTest
  @EnumSource(value = Payload.class, names = {"HEAP", "DIRECT"})
  void everyReadFindsAWholeValueOfItsKeyAndTheInvariantsHold(Payload payload) throws Exception {
    PayloadCache<Integer, byte[]> cache = PayloadCache.<Integer, byte[]>builder(
            Names.unique("payload-stress"), ValueCodec.bytes())
        .payload(payload).slabSize(SLAB).smallestSlot(16).growthFactor(2)
        .memoryCapBytes(CAP_SLABS * SLAB).arenas(1).recordStats().registered(false).build();
    assertThat(cache.classStats()).hasSize(7);
    Run run = new Run(cache, payload);
    Worker[] workers = new Worker[WORKERS];
    CyclicBarrier start = new CyclicBarrier(WORKERS + 1);
    AtomicInteger working = new AtomicInteger(WORKERS);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
    long rounds;
    long moved;
    long reclaimed;
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < WORKERS; t++) {
        Worker w = workers[t] = new Worker(run, t, new SplittableRandom(4200 + t));
        futures.add(pool.submit(() -> {
          start.await();
          try {
            for (int i = 0; i < OPS_PER_WORKER; i++) {
              w.step(true);
              run.done.increment();
            }
          } finally {
            working.decrementAndGet();
          }
          return null;
        }));
      }
      Future<long[]> maintenance = pool.submit(() -> {
        start.await();
        long[] counts = new long[3]; // rounds, entries moved, slabs reclaimed
        do {
          counts[0]++;
          counts[1] += cache.compact().objectsMoved();
          if (counts[0] % 8 == 0) {
            counts[2] += cache.reclaim(1); // rarer: compaction needs slabs to empty
          }
        } while (working.get() > 0);
        return counts;
      });
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      long[] counts = maintenance.get(5, TimeUnit.MINUTES);
      rounds = counts[0];
      moved = counts[1];
      reclaimed = counts[2];
    } finally {
      pool.shutdownNow();
    }
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    assertThat(run.violations).isEmpty();
    assertThat(run.done.sum()).isEqualTo((long) WORKERS * OPS_PER_WORKER);

    // What the run exists for happened, many times over.
    long movesCounted = cache.classStats().stream().mapToLong(st -> st.moves().moved()).sum();
    String counters = run.counters() + "; rebalances " + cache.rebalances() + "; " + rounds
        + " rounds of compaction: moved " + moved + " (all moves " + movesCounted
        + "), reclaimed " + reclaimed + " slabs";
    System.out.println("PayloadCacheStressTest " + payload + ": " + counters);
    assertThat(cache.rebalances()).as(counters).isPositive();
    assertThat(rounds).as(counters).isPositive();
    assertThat(moved).as(counters).isPositive();
    assertThat(movesCounted).as(counters).isGreaterThanOrEqualTo(moved); // and reclaim migrates
    assertThat(reclaimed).as(counters).isPositive();
    assertThat(run.puts.sum()).as(counters).isPositive();
    assertThat(run.copyHits.sum()).as(counters).isPositive();
    assertThat(run.decodeHits.sum()).as(counters).isPositive();
    assertThat(run.viewHits.sum()).as(counters).isPositive();
    assertThat(run.misses.sum()).as(counters).isPositive();
    assertThat(run.viewsOutlivingTheirValue.sum()).as(counters).isPositive();
    assertThat(run.slotsReusedAcrossKeys.sum()).as(counters).isPositive();
    assertThat(run.slotsReusedAcrossLengths.sum()).as(counters).isPositive();
    assertThat(cache.hitCount()).as(counters)
        .isEqualTo(run.copyHits.sum() + run.decodeHits.sum() + run.viewHits.sum());
    assertThat(cache.missCount()).as(counters).isEqualTo(run.misses.sum());

    // Quiescent: nobody holds an entry, the accounting adds up.
    PayloadInvariants.check(cache);
    PayloadChecks.check(cache);
    long held = 0;
    for (SlabCacheStats s : cache.classStats()) {
      assertThat(s.pinnedObjects()).as(s.name()).isZero();
      assertThat(s.requestedBytes()).as(s.name()).isBetween(0L, s.bytesHeld());
      assertThat(s.totalSlabs()).as(s.name()).isLessThanOrEqualTo(CAP_SLABS);
      held += s.bytesHeld();
    }
    assertThat(cache.bytesHeld()).isEqualTo(held).isLessThanOrEqualTo(cache.memoryCapBytes());

    // The index holds what the reads find: values written for their keys, each owner's last.
    ByteBuffer dst = ByteBuffer.allocate(PayloadValues.LARGEST);
    long present = 0;
    for (int key = 0; key < KEYS; key++) {
      int n = cache.get(key, dst.clear());
      if (n < 0) {
        continue;
      }
      present++;
      dst.flip();
      assertThat(PayloadValues.flaw(key, dst)).isNull();
      assertThat(run.written(key, dst.getInt(4))).as("value of %s written", key).isTrue();
      if (key >= SHARED_KEYS) {
        int owner = (key - SHARED_KEYS) / OWN_KEYS;
        assertThat(dst.getInt(4)).as("value of own key %s", key)
            .isEqualTo(workers[owner].last[(key - SHARED_KEYS) % OWN_KEYS]);
      }
    }
    for (int key = SHARED_KEYS; key < KEYS; key++) {
      if (workers[(key - SHARED_KEYS) / OWN_KEYS].last[(key - SHARED_KEYS) % OWN_KEYS] == 0) {
        assertThat(cache.get(key, dst.clear())).as("removed own key %s", key).isEqualTo(-1);
      }
    }
    assertThat(cache.size()).isEqualTo(present).isEqualTo(cache.index.size());

    // Destroyed: nothing is held.
    cache.destroy();
    assertThat(cache.isDestroyed()).isTrue();
    assertThat(cache.size()).isZero();
    assertThat(cache.bytesHeld()).isZero();
    for (SlabCacheStats s : cache.classStats()) {
      assertThat(s.totalSlabs()).as(s.name()).isZero();
      assertThat(s.activeObjects()).as(s.name()).isZero();
    }
    assertThat(PayloadChecks.classes(cache).get(0).store.slabs.budget.held()).isZero();
    assertThatThrownBy(() -> cache.get(0, dst.clear())).isInstanceOf(IllegalStateException.class);
  }

  /** What the workers share: the cache, what was written, the violations and the counts. */
  private static final class Run {
    final PayloadCache<Integer, byte[]> cache;
    final Payload payload;
    final List<String> violations = new CopyOnWriteArrayList<>();
    /** {@code key << 32 | version} of every value put, added before its put. */
    final Set<Long> written = ConcurrentHashMap.newKeySet();
    /** Each entry a view was seen in: the key and length it held then. */
    final Map<Object, Long> seenIn = new IdentityHashMap<>();
    final LongAdder done = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder full = new LongAdder();
    final AtomicReference<String> firstFull = new AtomicReference<>();
    final LongAdder copyHits = new LongAdder();
    final LongAdder decodeHits = new LongAdder();
    final LongAdder viewHits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder viewsOutlivingTheirValue = new LongAdder();
    final LongAdder slotsReusedAcrossKeys = new LongAdder();
    final LongAdder slotsReusedAcrossLengths = new LongAdder();

    Run(PayloadCache<Integer, byte[]> cache, Payload payload) {
      this.cache = cache;
      this.payload = payload;
    }

    boolean written(int key, int version) {
      return written.contains((long) key << 32 | version);
    }

    void violation(String what) {
      if (violations.size() < 20) {
        violations.add(Thread.currentThread().getName() + ": " + what);
      }
    }

    /** Records the entry a view of {@code key} was in, and counts its slot's reuse. */
    void seen(Object entry, int key, int length) {
      Long before;
      synchronized (seenIn) {
        before = seenIn.put(entry, (long) key << 32 | length);
      }
      if (before != null && (int) (before >>> 32) != key) {
        slotsReusedAcrossKeys.increment();
      }
      if (before != null && before.intValue() != length) {
        slotsReusedAcrossLengths.increment();
      }
    }

    String counters() {
      return "puts " + puts + " (full " + full
          + (firstFull.get() == null ? "" : ", first: " + firstFull.get()) + "), hits: copy "
          + copyHits + ", decode " + decodeHits + ", view " + viewHits + "; misses " + misses
          + ", views outliving " + viewsOutlivingTheirValue + ", slots reused across keys "
          + slotsReusedAcrossKeys + ", across lengths " + slotsReusedAcrossLengths;
    }
  }

  /** One thread's operations; it alone writes its own keys, and knows their last values. */
  private static final class Worker {
    private final Run run;
    private final PayloadCache<Integer, byte[]> cache;
    private final int id;
    private final SplittableRandom random;
    /** The last version put of each own key, 0 after its remove. */
    final int[] last = new int[OWN_KEYS];
    private final ByteBuffer dst = ByteBuffer.allocate(PayloadValues.LARGEST);
    private int serial;

    Worker(Run run, int id, SplittableRandom random) {
      this.run = run;
      this.cache = run.cache;
      this.id = id;
      this.random = random;
    }

    private int key() {
      return random.nextInt(10) < 7 ? random.nextInt(SHARED_KEYS)
          : SHARED_KEYS + id * OWN_KEYS + random.nextInt(OWN_KEYS);
    }

    /** The index into {@link #last} of one of this worker's keys, or -1 for a shared key. */
    private int own(int key) {
      int i = key - SHARED_KEYS - id * OWN_KEYS;
      return i >= 0 && i < OWN_KEYS ? i : -1;
    }

    /** One random operation; a view is taken only when {@code views}. */
    void step(boolean views) {
      int key = key();
      int op = random.nextInt(views ? 100 : 85);
      if (op < 35) {
        put(key);
      } else if (op < 60) {
        copy(key);
      } else if (op < 75) {
        decode(key);
      } else if (op < 85) {
        remove(key);
      } else {
        view(key);
      }
    }

    private void put(int key) {
      // Unique per worker and put; the length, and so the class, follows the version.
      int version = ++serial * WORKERS + id;
      run.written.add((long) key << 32 | version);
      byte[] value = PayloadValues.of(key, version);
      try {
        if (random.nextBoolean()) {
          cache.put(key, ByteBuffer.wrap(value));
        } else {
          cache.put(key, value);
        }
      } catch (SlabCacheFullException full) {
        // No room at the cap this time (documented; the old value stays): counted, and said.
        run.firstFull.compareAndSet(null, full.getMessage());
        run.full.increment();
        return;
      }
      run.puts.increment();
      int i = own(key);
      if (i >= 0) {
        last[i] = version;
      }
    }

    private void remove(int key) {
      cache.remove(key);
      int i = own(key);
      if (i >= 0) {
        last[i] = 0;
      }
    }

    private void copy(int key) {
      int n = cache.get(key, dst.clear());
      if (n < 0) {
        missed();
        return;
      }
      run.copyHits.increment();
      if (dst.position() != n) {
        run.violation("copy of " + key + ": " + n + " bytes, dst advanced to " + dst.position());
        return;
      }
      check(key, dst.flip(), "copy");
    }

    private void decode(int key) {
      byte[] v = cache.get(key);
      if (v == null) {
        missed();
        return;
      }
      run.decodeHits.increment();
      check(key, ByteBuffer.wrap(v), "decode");
    }

    /** A view held across other operations (its own key replaced meanwhile, at times). */
    private void view(int key) {
      CacheEntry<Integer, ByteBuffer> e = cache.lookup(key);
      if (e == null) {
        missed();
        return;
      }
      run.viewHits.increment();
      try {
        ByteBuffer view = e.value();
        if (e.key() != key || view.isDirect() != (run.payload == Payload.DIRECT)) {
          run.violation("view of " + key + ": entry of " + e.key() + ", direct "
              + view.isDirect());
          return;
        }
        if (!check(key, view, "view")) {
          return;
        }
        run.seen(e, key, view.remaining());
        byte[] before = new byte[view.remaining()];
        view.duplicate().get(before);
        int i = own(key);
        boolean outlived = false;
        if (i >= 0 && random.nextBoolean()) {
          int was = last[i];
          if (random.nextBoolean()) {
            put(key);
          } else {
            remove(key);
          }
          outlived = last[i] != was;
        }
        for (int n = random.nextInt(3); n >= 0; n--) {
          step(false);
        }
        int changed = view.mismatch(ByteBuffer.wrap(before));
        if (changed >= 0 || e.key() != key) {
          run.violation("view of " + key + " changed while held: byte " + changed + " of "
              + before.length + ", key " + e.key() + ", now " + PayloadValues.describe(key, view));
        } else if (outlived) {
          run.viewsOutlivingTheirValue.increment();
        }
      } finally {
        cache.release(e);
      }
    }

    /** A miss: for an own key put last, no violation either (the cap or reclaim evicts). */
    private void missed() {
      run.misses.increment();
    }

    /** Checks a hit's bytes (left where they are); whether they are a value of the key. */
    private boolean check(int key, ByteBuffer bytes, String read) {
      String flaw = PayloadValues.flaw(key, bytes);
      if (flaw != null) {
        run.violation(read + " of " + key + ": " + flaw);
        return false;
      }
      int version = bytes.getInt(bytes.position() + 4);
      if (!run.written(key, version)) {
        run.violation(read + " of " + key + ": version " + version + ", never written for it");
        return false;
      }
      int i = own(key);
      if (i >= 0 && version != last[i]) {
        run.violation(read + " of own key " + key + ": version " + version + ", its last put "
            + (last[i] == 0 ? "removed" : "was " + last[i]));
        return false;
      }
      return true;
    }
  }
}
