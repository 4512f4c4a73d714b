package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code compact()}: entries move out of sparse slabs into denser ones; nothing is evicted. */
class CompactionTest {
  private static final int PER_SLAB = 8;
  private final List<KeyedCache<?, ?>> caches = new ArrayList<>();

  @AfterEach
  void destroy() {
    caches.forEach(KeyedCache::destroy);
  }

  private KeyedCache<Integer, String> cache(String name, int keys) {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique(name))
        .objectsPerSlab(PER_SLAB).arenas(1).build();
    caches.add(c);
    for (int k = 0; k < keys; k++) {
      c.put(k, "v" + k);
    }
    return c;
  }

  @Test
  void afterRemovingAThirdCompactionFreesSlabsKeepsEveryKeyAndRaisesDensity() {
    KeyedCache<Integer, String> c = cache("compact-third", 12 * PER_SLAB);
    for (int k = 0; k < 12 * PER_SLAB; k += 3) {
      c.remove(k); // a third of the keys, spread over every slab
    }
    SlabCacheStats before = c.stats();
    assertThat(before.totalSlabs()).isEqualTo(12);

    CompactionResult r = c.compact();

    SlabCacheStats after = c.stats();
    long kept = 12 * PER_SLAB - 12 * PER_SLAB / 3;
    // 64 entries fit in 8 slabs of 8: the 4 sparsest of 12 empty into the others' holes.
    assertThat(after.totalSlabs()).isEqualTo(8);
    assertThat(r.slabsFreed()).isEqualTo(4);
    assertThat(after.activeObjects()).isEqualTo(kept);
    assertThat(after.density()).isEqualTo(1.0);
    assertThat(before.density()).isLessThan(after.density());
    assertThat(r.objectsMoved()).isPositive().isLessThanOrEqualTo(kept);
    for (int k = 0; k < 12 * PER_SLAB; k++) {
      assertThat(c.getIfPresent(k)).isEqualTo(k % 3 == 0 ? null : "v" + k);
    }
    assertThat(after.objectsReclaimed()).isEqualTo(before.objectsReclaimed()); // nothing evicted
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void anEntryInUseIsNeverMovedAndItsSlabIsNotFreed() {
    KeyedCache<Integer, String> c = cache("compact-held", 2 * PER_SLAB);
    for (int k = 1; k < PER_SLAB; k++) {
      c.remove(k); // slab 1 keeps key 0 only
    }
    c.remove(PER_SLAB); // slab 2 has one hole
    CacheEntry<Integer, String> held = c.lookup(0);
    long slab = Invariants.slabOf(held);

    CompactionResult r = c.compact();

    // Slab 1 cannot empty (key 0 is in use), so slab 2's seven entries move into its holes.
    assertThat(Invariants.slabOf(held)).isEqualTo(slab);
    assertThat(Entries.refcount(held)).isEqualTo(2);
    assertThat(r.objectsMoved()).isEqualTo(PER_SLAB - 1);
    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(c.stats().totalSlabs()).isEqualTo(1);
    assertThat(held.value()).isEqualTo("v0");
    KeyedInvariants.check(c, List.of(held));
    c.release(held);
    for (int k = PER_SLAB + 1; k < 2 * PER_SLAB; k++) {
      assertThat(c.getIfPresent(k)).isEqualTo("v" + k);
    }
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void whenEverySparseSlabHoldsAnEntryInUseNothingMoves() {
    KeyedCache<Integer, String> c = cache("compact-pinned", 2 * PER_SLAB);
    for (int k = 2; k < PER_SLAB; k++) {
      c.remove(k); // two entries left in each slab: either fits in the other's holes
      c.remove(PER_SLAB + k);
    }
    CacheEntry<Integer, String> a = c.lookup(0);
    CacheEntry<Integer, String> b = c.lookup(PER_SLAB);

    CompactionResult r = c.compact();

    assertThat(r.objectsMoved()).isZero();
    assertThat(r.slabsFreed()).isZero();
    assertThat(c.stats().totalSlabs()).isEqualTo(2);
    KeyedInvariants.check(c, List.of(a, b));
    c.release(a);
    c.release(b);
  }

  @Test
  void aCacheWithFullSlabsOnlyHasNothingToCompact() {
    KeyedCache<Integer, String> c = cache("compact-full", 3 * PER_SLAB);
    CompactionResult r = c.compact();
    assertThat(r.objectsMoved()).isZero();
    assertThat(r.slabsFreed()).isZero();
    assertThat(c.stats().totalSlabs()).isEqualTo(3);
  }

  @Test
  void underTheLruPolicyMovedEntriesStayInItsOrder() {
    KeyedCache<Integer, String> c = cache("compact-lru", 2 * PER_SLAB);
    c.policy(ReclaimPolicy.LRU);
    for (int k = 1; k < PER_SLAB; k++) {
      c.remove(k);
    }
    c.remove(PER_SLAB);
    assertThat(c.compact().slabsFreed()).isEqualTo(1);
    // Every remaining entry, moved or not, is still a victim the LRU order can evict.
    assertThat(c.reclaim(1).objectsFreed()).isEqualTo(PER_SLAB);
    assertThat(c.size()).isZero();
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void aDestroyedCacheRefusesToCompact() {
    KeyedCache<Integer, String> c = cache("compact-destroyed", PER_SLAB);
    c.destroy();
    assertThatThrownBy(c::compact).isInstanceOf(IllegalStateException.class)
        .hasMessage("cache '" + c.name() + "' is destroyed");
  }
}
