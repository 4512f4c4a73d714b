package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reclaim under each policy, on identical data. */
class KeyedReclaimTest {
  private static final int N = 8;
  private static final int SLABS = 16;

  /**
   * 16 slabs of 8 keys (slab s holds keys 8s..8s+7), then every key read once more, slot by
   * slot across the slabs: in recency order the coldest keys are spread over every slab.
   */
  private static KeyedCache<Integer, String> filled(ReclaimPolicy policy) {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique("policy"))
        .objectsPerSlab(N).arenas(1).policy(policy).loader(k -> "v" + k).build();
    for (int k = 0; k < N * SLABS; k++) {
      c.release(c.lookup(k));
    }
    for (int slot = 0; slot < N; slot++) {
      for (int s = 0; s < SLABS; s++) {
        c.release(c.lookup(s * N + slot));
      }
    }
    assertThat(c.stats().fullSlabs()).isEqualTo(SLABS);
    return c;
  }

  @Test
  void lruEvictsFarMoreObjectsPerFreedSlabThanTheSlabPolicy() {
    KeyedCache<Integer, String> slab = filled(ReclaimPolicy.SLAB);
    KeyedCache<Integer, String> lru = filled(ReclaimPolicy.LRU);

    ReclaimResult bySlab = slab.reclaim(4);
    ReclaimResult byLru = lru.reclaim(4);

    assertThat(bySlab.slabsFreed()).isEqualTo(4);
    assertThat(bySlab.objectsFreed()).isEqualTo(4 * N);
    assertThat(bySlab.policy()).isEqualTo(ReclaimPolicy.SLAB);
    assertThat(byLru.slabsFreed()).isEqualTo(4);
    assertThat(byLru.policy()).isEqualTo(ReclaimPolicy.LRU);
    // LRU empties a slab only once its last key is the coldest: 7 rounds over all 16 slabs
    // plus the last key of 4 of them.
    assertThat(byLru.objectsFreed()).isEqualTo((N - 1) * SLABS + 4);
    assertThat(byLru.objectsFreedPerSlab()).isGreaterThan(3 * bySlab.objectsFreedPerSlab());
    // And LRU leaves sparse slabs behind; the slab policy leaves full ones.
    assertThat(slab.stats().density()).isEqualTo(1.0);
    assertThat(lru.stats().density()).isLessThan(0.2);
    assertThat(lru.stats().slabsReclaimed()).isEqualTo(4);
    assertThat(lru.stats().objectsReclaimed()).isEqualTo(byLru.objectsFreed());
    for (KeyedCache<Integer, String> c : java.util.List.of(slab, lru)) {
      KeyedInvariants.check(c);
      c.destroy();
    }
  }

  @Test
  void caffeineOrderFreesTheRequestedSlabsByEvictingItsColdest() {
    KeyedCache<Integer, String> c = filled(ReclaimPolicy.CAFFEINE);
    ReclaimResult r = c.reclaim(4);
    assertThat(r.policy()).isEqualTo(ReclaimPolicy.CAFFEINE);
    assertThat(r.slabsFreed()).isEqualTo(4);
    assertThat(r.objectsFreed()).isGreaterThanOrEqualTo(4 * N);
    assertThat(c.size()).isEqualTo(N * SLABS - r.objectsFreed());
    KeyedInvariants.check(c);
    c.destroy();
  }

  @ParameterizedTest
  @EnumSource(ReclaimPolicy.class)
  void pinnedEntriesAreNeverEvicted(ReclaimPolicy policy) {
    KeyedCache<Integer, String> c = filled(policy);
    java.util.List<CacheEntry<Integer, String>> held = new java.util.ArrayList<>();
    for (int s = 0; s < SLABS; s++) {
      held.add(c.lookup(s * N)); // one entry of every slab in use
    }
    ReclaimResult r = c.reclaim(SLABS);
    assertThat(r.slabsFreed()).isZero();
    for (CacheEntry<Integer, String> e : held) {
      assertThat(c.getIfPresent(e.key())).isEqualTo(e.value());
    }
    KeyedInvariants.check(c, held);
    held.forEach(c::release);
    c.destroy();
  }

  @ParameterizedTest
  @EnumSource(ReclaimPolicy.class)
  void settingALowerMemoryCapReclaimsDown(ReclaimPolicy policy) {
    KeyedCache<Integer, String> c = filled(policy);
    ReclaimResult r = c.memoryCap(4);
    assertThat(r.slabsFreed()).isGreaterThanOrEqualTo(SLABS - 4);
    assertThat(c.stats().totalSlabs()).isLessThanOrEqualTo(4);
    assertThat(c.memoryCap()).isEqualTo(4);
    // And the cap holds from now on.
    for (int k = 1000; k < 1100; k++) {
      c.release(c.lookup(k));
    }
    assertThat(c.stats().totalSlabs()).isLessThanOrEqualTo(4);
    KeyedInvariants.check(c);
    c.destroy();
  }

  @Test
  void atTheCapLruEvictsItsColdestEntryAndTheSlabPolicyAWholeSlab() {
    KeyedCache<Integer, String> lru = KeyedCache.<Integer, String>builder(Names.unique("caplru"))
        .objectsPerSlab(4).arenas(1).memoryCapSlabs(2).policy(ReclaimPolicy.LRU)
        .loader(k -> "v" + k).build();
    KeyedCache<Integer, String> slab = KeyedCache.<Integer, String>builder(Names.unique("capslab"))
        .objectsPerSlab(4).arenas(1).memoryCapSlabs(2).circulation(0).policy(ReclaimPolicy.SLAB)
        .loader(k -> "v" + k).build();
    for (KeyedCache<Integer, String> c : java.util.List.of(lru, slab)) {
      for (int k = 0; k < 8; k++) {
        c.release(c.lookup(k));
      }
      c.release(c.lookup(0)); // key 0 is now the most recently used
      c.release(c.lookup(8));
    }
    assertThat(lru.asMap().keySet()).containsExactlyInAnyOrder(0, 2, 3, 4, 5, 6, 7, 8);
    assertThat(slab.asMap().keySet()).containsExactlyInAnyOrder(4, 5, 6, 7, 8);
    for (KeyedCache<Integer, String> c : java.util.List.of(lru, slab)) {
      KeyedInvariants.check(c);
      c.destroy();
    }
  }
}
