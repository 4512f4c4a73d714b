package dev.slabpool.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.bench.TestTraces;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Belady's MIN on traces counted by hand, and against LRU on random traces. */
class BeladyTest {

  @Test
  void nextUsesPointToTheNextAccessOfTheKeyOrBeyondTheTrace() {
    assertThat(Belady.nextUses(new long[] {5, 6, 5, 5})).containsExactly(2, 5, 3, 7);
  }

  /**
   * 1 2 3 three times, 2 objects: 3 is needed later than 1 and 2 each time it misses, so it is
   * never kept, and 1 and 2 hit in the second and third rounds: 4 hits of 9, 3 of them from
   * access 4 on. LRU hits nothing on a loop larger than the cache.
   */
  @Test
  void aLoopLargerThanTheCacheKeepsPartOfTheLoop() {
    long[] loop = {1, 2, 3, 1, 2, 3, 1, 2, 3};

    assertThat(Belady.hits(loop, 2, 0)).isEqualTo(4);
    assertThat(Belady.hits(loop, 2, 4)).isEqualTo(3);
    assertThat(lruHits(loop, 2, 0)).isZero();
    assertThat(Belady.hits(loop, 3, 0)).isEqualTo(6); // the whole loop fits
  }

  /** One object, 1 2 1: keeping 1 (not keeping 2) gives the only hit possible. */
  @Test
  void aKeyNeededLaterThanEveryCachedOneIsNotKept() {
    assertThat(Belady.hits(new long[] {1, 2, 1}, 1, 0)).isEqualTo(1);
  }

  /**
   * The textbook reference string (Silberschatz), 3 frames: the optimal replacement, which must
   * load every miss, has 9 misses of 20. With bypass, 4 at access 7 (never used again) and 7 at
   * access 17 are not kept, so 0, 2 and 3 stay: 8 misses, 12 hits, 8 of them from access 10 on
   * (all but 1 at 13 and 7 at 17).
   */
  @Test
  void bypassBeatsTheTextbookOptimumThatLoadsEveryMiss() {
    long[] refs = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1};

    assertThat(Belady.hits(refs, 3, 0)).isEqualTo(12);
    assertThat(Belady.hits(refs, 3, 10)).isEqualTo(8);
  }

  @Test
  void aCacheAsLargeAsTheKeysMissesOnlyTheFirstUseOfEach() {
    long[] keys = TestTraces.skewed(5_000, 300, 7);
    Set<Long> distinct = new HashSet<>();
    long reusedInSecondHalf = 0;
    for (int i = 0; i < keys.length; i++) {
      if (!distinct.add(keys[i]) && i >= keys.length / 2) {
        reusedInSecondHalf++;
      }
    }

    assertThat(Belady.hits(keys, distinct.size(), 0)).isEqualTo(keys.length - distinct.size());
    assertThat(Belady.hits(keys, distinct.size(), keys.length / 2)).isEqualTo(reusedInSecondHalf);
  }

  /** Over the whole trace no policy of the same size beats MIN: LRU for one. */
  @Property(tries = 200)
  void neverBelowLruOverTheWholeTrace(@ForAll @IntRange(min = 1, max = 3000) int accesses,
      @ForAll @IntRange(min = 1, max = 200) int keys,
      @ForAll @IntRange(min = 1, max = 100) int capacity, @ForAll long seed) {
    long[] trace = uniform(accesses, keys, seed);

    assertThat(Belady.hits(trace, capacity, 0)).isGreaterThanOrEqualTo(lruHits(trace, capacity, 0));
  }

  /** Counted over the second half, as the replay reports it, on skewed and uniform traces. */
  @Test
  void neverBelowLruOverTheSecondHalfOfRandomTraces() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 200; t++) {
      int keys = 1 + r.nextInt(400);
      long[] trace = t % 2 == 0 ? TestTraces.skewed(2 + r.nextInt(4000), keys, r.nextLong())
          : uniform(2 + r.nextInt(4000), keys, r.nextLong());
      int capacity = 1 + r.nextInt(keys);
      int half = trace.length / 2;

      assertThat(Belady.hits(trace, capacity, half)).as("trace %d", t)
          .isGreaterThanOrEqualTo(lruHits(trace, capacity, half));
    }
  }

  @Test
  void badArgumentsNameTheBadValue() {
    long[] keys = {1, 2};
    assertThatThrownBy(() -> Belady.hits(keys, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 0");
    assertThatThrownBy(() -> Belady.hits(keys, 1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 2: 3");
  }

  private static long[] uniform(int accesses, int keys, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[accesses];
    for (int i = 0; i < accesses; i++) {
      out[i] = r.nextInt(keys);
    }
    return out;
  }

  /** Hits of an LRU cache of {@code capacity} objects among accesses {@code [from, n)}. */
  private static long lruHits(long[] keys, int capacity, int from) {
    Map<Long, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
    long hits = 0;
    for (int i = 0; i < keys.length; i++) {
      if (lru.get(keys[i]) != null) {
        hits += i >= from ? 1 : 0;
      } else {
        lru.put(keys[i], true);
      }
    }
    return hits;
  }
}
