package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per rule of docs/design.md's "Reclaim", on one arena of 4-object slabs. */
class SlabCacheReclaimTest {
  private static final int N = 4;
  private final Recorder dtor = new Recorder();
  private SlabCache<TestObject> cache;

  private SlabCache<TestObject> cache(int freeList, int circulation) {
    cache = SlabCache.builder(Names.unique("reclaim"), TestObject::new)
        .objectsPerSlab(N).arenas(1).freeListSize(freeList).circulation(circulation)
        .reclaimable(dtor).build();
    return cache;
  }

  @AfterEach
  void consistent() {
    if (cache != null && !cache.isDestroyed()) {
      Invariants.check(cache);
      cache.destroy();
    }
    assertThat(dtor.violations).isEmpty();
  }

  /** Allocates {@code slabs} full slabs; returns their objects slab by slab, held (refcount 2). */
  private List<List<TestObject>> fill(int slabs) {
    List<List<TestObject>> out = new ArrayList<>();
    for (int s = 0; s < slabs; s++) {
      List<TestObject> slab = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        slab.add(cache.allocate());
      }
      out.add(slab);
    }
    return out;
  }

  private void releaseAll(List<TestObject> objects) {
    objects.forEach(cache::release);
  }

  @Test
  void drainsTheFreeListFirst() {
    cache(N, 2);
    List<TestObject> slab = fill(1).get(0);
    slab.forEach(cache::free); // parked on the free list: refcount 0, slots still taken
    assertThat(cache.stats().fullSlabs()).isEqualTo(1);
    assertThat(cache.stats().activeObjects()).isZero();

    ReclaimResult r = cache.reclaim(1);

    // Without the drain the slab would look full of objects that are not refcount 1.
    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(r.objectsFreed()).isZero();
    assertThat(dtor.freed).isEmpty();
    assertThat(dtor.destroyed).containsExactlyInAnyOrderElementsOf(slab);
    assertThat(cache.stats().totalSlabs()).isZero();
  }

  @Test
  void givesBackFreeSlabsBeforeFreeingObjects() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(2);
    releaseAll(slabs.get(0)); // cached, whole slab freeable
    slabs.get(1).forEach(cache::free); // a free slab

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(r.objectsFreed()).isZero();
    assertThat(dtor.freed).isEmpty();
    assertThat(slabs.get(0)).allMatch(o -> o.slabpoolRefcount() == 1);
    assertThat(cache.stats().totalSlabs()).isEqualTo(1);
  }

  @Test
  void walksFullSlabsFromTheOldestEnd() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(3);
    slabs.forEach(this::releaseAll);

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(dtor.freed).containsExactlyInAnyOrderElementsOf(slabs.get(0));
    assertThat(cache.slabMap().serial()).containsExactly(
        Invariants.slabOf(slabs.get(1).get(0)), Invariants.slabOf(slabs.get(2).get(0)));
  }

  @Test
  void thenPartialSlabsSparsestFirst() {
    cache(0, 0);
    List<List<TestObject>> slabs = fill(3);
    // Slab 0 full with one object in use, slab 1 keeps 3 objects, slab 2 keeps 1.
    TestObject pinned = slabs.get(0).get(0);
    releaseAll(slabs.get(0).subList(1, N));
    cache.free(slabs.get(1).get(3));
    releaseAll(slabs.get(1).subList(0, 3));
    slabs.get(2).subList(1, N).forEach(cache::free);
    cache.release(slabs.get(2).get(0));

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(dtor.freed).containsExactly(slabs.get(2).get(0));
    assertThat(r.objectsScanned()).isEqualTo(1 + 1); // the pinned one stops slab 0's scan
    assertThat(pinned.slabpoolRefcount()).isEqualTo(2);

    r = cache.reclaim(1);
    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(dtor.freed).containsAll(slabs.get(1).subList(0, 3));
    cache.release(pinned);
  }

  @Test
  void freesOnlySlabsWhoseObjectsAllHaveRefcountOne() {
    cache(0, 0);
    List<List<TestObject>> slabs = fill(3);
    releaseAll(slabs.get(0).subList(0, N - 1)); // one object of slab 0 stays in use
    releaseAll(slabs.get(1));
    releaseAll(slabs.get(2).subList(1, N)); // and one of slab 2

    ReclaimResult r = cache.reclaim(3);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(dtor.freed).containsExactlyInAnyOrderElementsOf(slabs.get(1));
    assertThat(slabs.get(0).subList(0, N - 1)).allMatch(o -> o.slabpoolRefcount() == 1);
    assertThat(cache.stats().slabsReclaimed()).isEqualTo(1);
    cache.release(slabs.get(0).get(N - 1));
    cache.release(slabs.get(2).get(0));
  }

  @Test
  void freesCirculationObjectsOfEachFullSlabItCannotFree() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(2);
    for (List<TestObject> slab : slabs) {
      releaseAll(slab.subList(0, N - 1)); // slot 3 of each slab stays in use
    }

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isZero();
    assertThat(r.objectsFreed()).isEqualTo(4);
    // Per slab: N refcounts read by the whole-slab scan, then 2 by the circulation claims.
    assertThat(r.objectsScanned()).isEqualTo(2 * (N + 2));
    assertThat(dtor.freed).containsExactlyInAnyOrder(
        slabs.get(0).get(0), slabs.get(0).get(1), slabs.get(1).get(0), slabs.get(1).get(1));
    SlabCacheStats st = cache.stats();
    assertThat(st.circulationFrees()).isEqualTo(4);
    assertThat(st.objectsReclaimed()).isEqualTo(4);
    assertThat(st.fullSlabs()).isZero();
    assertThat(st.partialSlabs()).isEqualTo(2);
    // Partial slabs get no circulation: a second reclaim finds nothing to free.
    assertThat(cache.reclaim(1).objectsFreed()).isZero();
    slabs.forEach(s -> cache.release(s.get(N - 1)));
  }

  @Test
  void circulationNeverFreesAnObjectInUse() {
    cache(0, 2);
    List<TestObject> slab = fill(1).get(0);
    releaseAll(slab.subList(1, N)); // slot 0, the first circulation looks at, stays in use

    assertThat(cache.reclaim(1).objectsFreed()).isEqualTo(2);

    assertThat(dtor.freed).containsExactly(slab.get(1), slab.get(2));
    assertThat(cache.refcount(slab.get(0))).isEqualTo(2);
    cache.release(slab.get(0));
  }

  @Test
  void countsCirculationFreesExactlyWhenWholeSlabAndCirculationClaimsInterleave() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(2);
    // Oldest full slab: one object in use, so it gets circulation; the next is freed whole.
    releaseAll(slabs.get(0).subList(0, N - 1));
    releaseAll(slabs.get(1));
    dtor.decline(o -> o == slabs.get(0).get(1)); // one of the two circulation picks stays

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(r.objectsFreed()).isEqualTo(1 + N);
    SlabCacheStats st = cache.stats();
    assertThat(st.circulationFrees()).isEqualTo(1);
    assertThat(st.objectsReclaimed()).isEqualTo(1 + N);
    assertThat(st.destructorRefusals()).isEqualTo(1);
    cache.release(slabs.get(0).get(N - 1));
  }

  @Test
  void stopsAtTheRequestedNumberOfSlabs() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(3);
    slabs.forEach(this::releaseAll);

    assertThat(cache.reclaim(2).slabsFreed()).isEqualTo(2);
    assertThat(cache.stats().totalSlabs()).isEqualTo(1);
    assertThat(dtor.freed).hasSize(2 * N);
  }

  @Test
  void stopsWhenTheListsAreExhausted() {
    cache(0, 0);
    List<List<TestObject>> slabs = fill(3);
    releaseAll(slabs.get(0));
    releaseAll(slabs.get(1));

    ReclaimResult r = cache.reclaim(10);

    assertThat(r.slabsFreed()).isEqualTo(2);
    assertThat(cache.stats().totalSlabs()).isEqualTo(1);
    assertThat(cache.reclaim(10).slabsFreed()).isZero();
    releaseAll(slabs.get(2));
  }

  @Test
  void aDeclinedObjectKeepsItsSlabAndIsCounted() {
    cache(0, 0);
    List<TestObject> slab = fill(1).get(0);
    releaseAll(slab);
    dtor.decline(o -> o == slab.get(2));

    ReclaimResult r = cache.reclaim(1);

    assertThat(r.slabsFreed()).isZero();
    assertThat(r.objectsFreed()).isEqualTo(N - 1);
    assertThat(slab.get(2).slabpoolRefcount()).isEqualTo(1);
    SlabCacheStats st = cache.stats();
    assertThat(st.destructorRefusals()).isEqualTo(1);
    assertThat(st.activeObjects()).isEqualTo(1);
    assertThat(st.objectsReclaimed()).isEqualTo(N - 1);
  }

  @Test
  void countersAccumulateAndReset() {
    cache(0, 2);
    List<List<TestObject>> slabs = fill(3);
    slabs.forEach(this::releaseAll);
    cache.reclaim(1);
    cache.reclaim(1);

    SlabCacheStats st = cache.stats();
    assertThat(st.slabsReclaimed()).isEqualTo(2);
    assertThat(st.objectsReclaimed()).isEqualTo(2 * N);
    assertThat(st.circulationFrees()).isZero();

    cache.resetStatistics();
    st = cache.stats();
    assertThat(st.slabsReclaimed()).isZero();
    assertThat(st.objectsReclaimed()).isZero();
    assertThat(st.totalSlabs()).isEqualTo(1);
  }

  @Test
  void reportsWhatItDid() {
    cache(0, 2);
    fill(2).forEach(this::releaseAll);

    ReclaimResult r = cache.reclaim(2);

    assertThat(r.cache()).isEqualTo(cache.name());
    assertThat(r.policy()).isEqualTo(ReclaimPolicy.SLAB);
    assertThat(r.cause()).isEqualTo(ReclaimResult.Cause.REQUEST);
    assertThat(r.objectsScanned()).isEqualTo(2 * N);
    assertThat(r.objectsFreedPerSlab()).isEqualTo(N);
    assertThat(r.nanos()).isPositive();
  }

  @Test
  void shrinkGivesBackOnlyFreeSlabs() {
    cache(N, 2);
    List<List<TestObject>> slabs = fill(3);
    slabs.get(0).forEach(cache::free); // parked: shrink drains them first
    releaseAll(slabs.get(1));
    slabs.get(2).forEach(cache::free);

    assertThat(cache.shrink()).isEqualTo(2);
    assertThat(dtor.freed).isEmpty();
    assertThat(cache.stats().totalSlabs()).isEqualTo(1);
    assertThat(dtor.destroyed).hasSize(2 * N);
  }
}
