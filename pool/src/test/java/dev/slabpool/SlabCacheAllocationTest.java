package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Allocation order and the memory cap. */
class SlabCacheAllocationTest {
  private static final int N = 4;
  private final List<SlabCache<?>> built = new ArrayList<>();

  private SlabCache<TestObject> cache(SlabCache.Builder<TestObject> b) {
    SlabCache<TestObject> c = b.build();
    built.add(c);
    return c;
  }

  private SlabCache.Builder<TestObject> builder() {
    return SlabCache.builder(Names.unique("alloc"), TestObject::new).objectsPerSlab(N).arenas(1);
  }

  @AfterEach
  void consistent() {
    for (SlabCache<?> c : built) {
      Invariants.check(c);
      c.destroy();
    }
  }

  private List<TestObject> allocate(SlabCache<TestObject> c, int count) {
    List<TestObject> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(c.allocate());
    }
    return out;
  }

  @Test
  void handsOutObjectsWithRefcountTwo() {
    SlabCache<TestObject> c = cache(builder());
    TestObject o = c.allocate();
    assertThat(c.refcount(o)).isEqualTo(2);
    assertThat(c.retain(o)).isTrue();
    assertThat(c.release(o)).isEqualTo(2);
    assertThat(c.release(o)).isEqualTo(1);
    c.free(allocate(c, 1).get(0));
  }

  @Test
  void reusesTheFreeListFirst() {
    SlabCache<TestObject> c = cache(builder().freeListSize(N));
    List<TestObject> slab = allocate(c, 2);
    c.free(slab.get(0));
    assertThat(c.stats().activeObjects()).isEqualTo(1);
    assertThat(c.allocate()).isSameAs(slab.get(0));
  }

  @Test
  void fillsTheFullestPartialSlabFirstThenAFreeSlabThenANewOne() {
    SlabCache<TestObject> c = cache(builder().freeListSize(0));
    List<TestObject> all = allocate(c, 3 * N);
    long sparse = Invariants.slabOf(all.get(0));
    long dense = Invariants.slabOf(all.get(N));
    long empty = Invariants.slabOf(all.get(2 * N));
    // Slab 0 keeps 1 object, slab 1 keeps 3, slab 2 none.
    all.subList(1, N).forEach(c::free);
    c.free(all.get(2 * N - 1));
    all.subList(2 * N, 3 * N).forEach(c::free);
    assertThat(c.stats().occupancy()).containsExactly(1, 1, 0, 1, 0);

    assertThat(Invariants.slabOf(c.allocate())).isEqualTo(dense);
    for (int i = 0; i < N - 1; i++) {
      assertThat(Invariants.slabOf(c.allocate())).isEqualTo(sparse);
    }
    for (int i = 0; i < N; i++) {
      assertThat(Invariants.slabOf(c.allocate())).isEqualTo(empty);
    }
    assertThat(c.stats().totalSlabs()).isEqualTo(3);
    TestObject fresh = c.allocate();
    assertThat(Invariants.slabOf(fresh)).isGreaterThan(empty);
    assertThat(c.stats().totalSlabs()).isEqualTo(4);
  }

  @Test
  void aNonReclaimableCacheAtItsCapInSlabsThrows() {
    SlabCache<TestObject> c = cache(builder().memoryCapSlabs(2));
    List<TestObject> all = allocate(c, 2 * N);
    all.forEach(c::release); // cached, but nobody may free them
    SlabCacheStats before = c.stats();

    assertThatThrownBy(c::allocate)
        .isInstanceOf(SlabCacheFullException.class)
        .hasMessageContaining(c.name())
        .hasMessageContaining("memory cap of 2 slabs")
        .hasMessageContaining("8 objects are cached and unused")
        .hasMessageContaining("no RECLAIM flag");
    assertThat(c.stats()).isEqualTo(before);
  }

  @Test
  void withCirculationZeroAndAnObjectInUseInEverySlabTheCapSaysSo() {
    SlabCache<TestObject> c = cache(builder().memoryCapSlabs(2).circulation(0).freeListSize(0)
        .reclaimable(new Recorder()));
    List<TestObject> all = allocate(c, 2 * N);
    for (int i = 0; i < all.size(); i++) {
      if (i % N != 0) {
        c.release(all.get(i)); // one object in use per slab, the rest cached
      }
    }
    assertThatThrownBy(c::allocate).isInstanceOf(SlabCacheFullException.class)
        .hasMessageContaining("6 objects are cached and unused")
        .hasMessageContaining("circulation 0")
        .hasMessageNotContaining("every cached object is in use");

    c.circulation(1);
    assertThat(c.allocate()).isNotNull(); // circulation frees one out of a full slab
  }

  @Test
  void aCapInBytesIsRoundedDownToWholeSlabs() {
    SlabCache<TestObject> c = cache(builder().objectSize(100).memoryCapBytes(3 * N * 100 - 1));
    assertThat(c.memoryCap()).isEqualTo(2);
    assertThat(c.stats().memoryCapSlabs()).isEqualTo(2);
    allocate(c, 2 * N);
    assertThatThrownBy(c::allocate).isInstanceOf(SlabCacheFullException.class);
    assertThat(c.stats().bytesHeld()).isEqualTo(2 * N * 100);
  }

  @Test
  void aReclaimableCacheAtItsCapMakesRoomBySlabReclaim() {
    Recorder dtor = new Recorder();
    SlabCache<TestObject> c = cache(builder().memoryCapSlabs(2).freeListSize(0).reclaimable(dtor));
    List<ReclaimResult> heard = new CopyOnWriteArrayList<>();
    SlabCacheRegistry.Listener l = new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        if (r.cache().equals(c.name())) {
          heard.add(r);
        }
      }
    };
    SlabCacheRegistry.addListener(l);
    try {
      List<TestObject> all = allocate(c, 2 * N);
      all.subList(0, N).forEach(c::release); // the oldest slab is all cached
      TestObject o = c.allocate();

      assertThat(dtor.freed).containsExactlyInAnyOrderElementsOf(all.subList(0, N));
      assertThat(c.stats().totalSlabs()).isEqualTo(2);
      assertThat(c.stats().slabsReclaimed()).isEqualTo(1);
      assertThat(heard).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo(ReclaimResult.Cause.MEMORY_CAP);
        assertThat(r.policy()).isEqualTo(ReclaimPolicy.SLAB);
        assertThat(r.slabsFreed()).isEqualTo(1);
      });
      assertThat(o.slabpoolRefcount()).isEqualTo(2);
    } finally {
      SlabCacheRegistry.removeListener(l);
    }
  }

  @Test
  void aReclaimableCacheWhoseObjectsAreAllInUseThrowsAtItsCap() {
    SlabCache<TestObject> c = cache(builder().memoryCapSlabs(1).reclaimable(new Recorder()));
    allocate(c, N);
    SlabCacheStats before = c.stats();
    assertThatThrownBy(c::allocate).isInstanceOf(SlabCacheFullException.class)
        .hasMessageContaining("every cached object is in use");
    assertThat(c.stats()).isEqualTo(before);
  }

  @Test
  void settingALowerCapReclaimsDown() {
    SlabCache<TestObject> c = cache(builder().reclaimable(new Recorder()));
    allocate(c, 5 * N).forEach(c::release);
    ReclaimResult r = c.memoryCap(2);
    assertThat(r.slabsFreed()).isEqualTo(3);
    assertThat(c.stats().totalSlabs()).isEqualTo(2);
    assertThat(c.memoryCap()).isEqualTo(2);
  }
}
