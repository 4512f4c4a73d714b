package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hot-aware slab policy: whole slabs come back, entries that keep being hit stay. */
class HotPolicyTest {
  private static final int PER_SLAB = 8;
  private static final int CAP = 4;
  private final List<KeyedCache<?, ?>> caches = new ArrayList<>();

  @AfterEach
  void destroy() {
    caches.forEach(KeyedCache::destroy);
  }

  /** A full cache of keys 0..31 in 4 slabs of 8, capped there, under the hot policy. */
  private KeyedCache<Integer, String> fullCache(String name) {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique(name))
        .objectsPerSlab(PER_SLAB).arenas(1).memoryCapSlabs(CAP).loader(k -> "v" + k)
        .policy(ReclaimPolicy.HOT).build();
    caches.add(c);
    for (int k = 0; k < CAP * PER_SLAB; k++) {
      hit(c, k);
    }
    return c;
  }

  private static void hit(KeyedCache<Integer, String> c, int key) {
    CacheEntry<Integer, String> e = c.lookup(key);
    assertThat(e.value()).isEqualTo("v" + key);
    c.release(e);
  }

  /** Keys 0, 4, 8, ...: two in every slab, so no slab is all cold and none all hot. */
  private static boolean hot(int key) {
    return key % 4 == 0;
  }

  @Test
  void misses_atTheCapMakeRoomWithoutLosingTheHotEntriesOfAnySlab() {
    KeyedCache<Integer, String> c = fullCache("hot-keeps");
    for (int k = 0; k < CAP * PER_SLAB; k++) {
      if (hot(k)) {
        hit(c, k);
      }
    }
    // A second cache's worth of new keys, each seen once: every load at the cap makes room.
    for (int k = 100; k < 100 + CAP * PER_SLAB; k++) {
      hit(c, k);
      if (k % 4 == 0) {
        for (int h = 0; h < CAP * PER_SLAB; h += 4) {
          hit(c, h); // the hot keys keep being hit while the new ones pass through
        }
      }
    }
    for (int k = 0; k < CAP * PER_SLAB; k += 4) {
      assertThat(c.asMap().containsKey(k)).as("hot key " + k).isTrue();
    }
    // The new keys went first, from probation, not hit while there; so room was made.
    assertThat(c.size()).isLessThanOrEqualTo(CAP * PER_SLAB);
    SlabCacheStats s = c.stats();
    assertThat(s.policy()).isEqualTo(ReclaimPolicy.HOT);
    assertThat(s.totalSlabs()).isLessThanOrEqualTo(CAP);
    assertThat(s.slabsReclaimed()).isPositive();
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void aReclaimGivesBackWholeSlabsAndMovesTheHotEntriesOfThoseItEmpties() {
    KeyedCache<Integer, String> c = fullCache("hot-reclaim");
    for (int k = 0; k < CAP * PER_SLAB; k++) {
      if (hot(k)) {
        hit(c, k);
      }
    }
    ReclaimResult r = c.reclaim(2);
    assertThat(r.policy()).isEqualTo(ReclaimPolicy.HOT);
    assertThat(r.slabsFreed()).isEqualTo(2);
    assertThat(c.stats().totalSlabs()).isEqualTo(CAP - 2);
    // 8 hot keys, 2 per slab, now share the remaining slabs with what room is left.
    for (int k = 0; k < CAP * PER_SLAB; k += 4) {
      assertThat(c.getIfPresent(k)).as("hot key " + k).isEqualTo("v" + k);
    }
    assertThat(r.objectsFreed()).isEqualTo(CAP * PER_SLAB - c.size());
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void anEntryInUseIsNeitherEvictedNorMoved() {
    KeyedCache<Integer, String> c = fullCache("hot-held");
    List<CacheEntry<Integer, String>> held = new ArrayList<>();
    for (int k = 1; k < CAP * PER_SLAB; k += PER_SLAB) {
      held.add(c.lookup(k)); // one cold entry in use in every slab
    }
    List<Long> slabs = held.stream().map(Invariants::slabOf).toList();

    ReclaimResult r = c.reclaim(CAP);

    assertThat(r.slabsFreed()).isZero(); // every slab holds an entry in use
    assertThat(held.stream().map(Invariants::slabOf).toList()).isEqualTo(slabs);
    for (CacheEntry<Integer, String> e : held) {
      assertThat(Entries.refcount(e)).isEqualTo(2);
      assertThat(c.getIfPresent(e.key())).isEqualTo("v" + e.key());
    }
    KeyedInvariants.check(c, held);
    held.forEach(c::release);
  }

  @Test
  void anEntryHitOftenOutlastsAsManyRoundsWithoutAHit() {
    KeyedCache<Integer, String> c = fullCache("hot-rounds");
    for (int i = 0; i < KeyedEntry.HEAT_MAX; i++) {
      hit(c, 0); // key 0 at the highest heat; every other key at 1
    }
    // Each reclaim of every slab is a round of the hand: key 0 loses one hit per round.
    for (int round = 0; round < KeyedEntry.HEAT_MAX; round++) {
      c.reclaim(1);
      assertThat(c.getIfPresent(0)).as("after round " + round).isEqualTo("v0");
    }
  }

  @Test
  void aLoopLargerThanTheCacheKeepsAStableShareCachedInsteadOfThrashing() {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique("hot-loop"))
        .objectsPerSlab(PER_SLAB).arenas(1).memoryCapSlabs(CAP).loader(k -> "v" + k)
        .policy(ReclaimPolicy.HOT).recordStats().build();
    caches.add(c);
    int loop = CAP * PER_SLAB * 3 / 2; // one and a half caches' worth of keys, round and round
    for (int cycle = 0; cycle < 10; cycle++) {
      for (int k = 0; k < loop; k++) {
        hit(c, k);
      }
    }
    c.resetStatistics();
    for (int cycle = 0; cycle < 10; cycle++) {
      for (int k = 0; k < loop; k++) {
        hit(c, k);
      }
    }
    // LRU, and a CLOCK that admits every new key as an equal, evict each key just before its
    // next use here and hit (almost) never. With new keys on probation, the keys that made it
    // into the main part stay there while the rest churn through probation.
    double hitRatio = (double) c.hitCount() / (c.hitCount() + c.missCount());
    assertThat(hitRatio).as("hit ratio of the loop, %d hits", c.hitCount())
        .isGreaterThanOrEqualTo(0.25);
    KeyedInvariants.check(c, List.of());
  }
}
