package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-thread free lists in front of the arenas: a thread's frees and allocations meet in its
 * own cache without a lock, and reclaim, shrink and destroy drain every thread's cache, dead
 * threads' included.
 */
class ThreadCacheTest {
  /** Objects per slab: as many as a thread's cache holds, so that one slab fills it. */
  private static final int N = SlabCache.THREAD_CACHE_CAPACITY;

  private final Recorder dtor = new Recorder();
  private final List<SlabCache<TestObject>> built = new ArrayList<>();

  private SlabCache<TestObject> cache() {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("tcache"), TestObject::new)
        .objectsPerSlab(N).arenas(1).freeListSize(N).reclaimable(dtor).build();
    built.add(c);
    return c;
  }

  @AfterEach
  void consistent() {
    for (SlabCache<TestObject> c : built) {
      if (!c.isDestroyed()) {
        Invariants.check(c);
        c.destroy();
      }
    }
    assertThat(dtor.violations).isEmpty();
  }

  private static List<TestObject> allocate(SlabCache<TestObject> c, int count) {
    List<TestObject> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(c.allocate());
    }
    return out;
  }

  private static List<Object> threadCached(SlabCache<?> c) {
    List<Object> out = new ArrayList<>();
    Invariants.threadCachesOf(c).cachedObjects(out);
    return out;
  }

  @Test
  void aFreedObjectIsTakenBackByTheSameThreadWithoutTheArenaLock() throws Exception {
    SlabCache<TestObject> c = cache();
    Arena arena = Invariants.arenasOf(c)[0];
    TestObject o = c.allocate();

    // With the arena lock held here, a free or an allocation that needed it would never end.
    arena.lock.lock();
    try {
      CompletableFuture<TestObject> again = CompletableFuture.supplyAsync(() -> {
        c.free(o);
        return c.allocate();
      });
      assertThat(again.get(30, TimeUnit.SECONDS)).isSameAs(o);
    } finally {
      arena.lock.unlock();
    }
    assertThat(o.slabpoolRefcount()).isEqualTo(2);
    c.free(o); // on this thread now: into this thread's cache
    assertThat(threadCached(c)).containsExactly(o);
  }

  @Test
  void threadCachedObjectsCountAsFreeInTheStatisticsAndTheSlabMap() {
    SlabCache<TestObject> c = cache();
    List<TestObject> all = allocate(c, N);
    c.free(all.get(0));
    assertThat(threadCached(c)).containsExactly(all.get(0));
    assertThat(c.stats().activeObjects()).isEqualTo(N - 1);
    assertThat(c.stats().fullSlabs()).isEqualTo(1); // its slot is still taken
    assertThat(c.slabMap().active()).containsExactly(N - 1);
  }

  @Test
  void aFullThreadCacheSendsFurtherFreesToTheArenaAndAnEmptyOneAllocatesFromIt() {
    SlabCache<TestObject> c = cache();
    List<TestObject> all = allocate(c, 2 * N);
    all.subList(0, N + 1).forEach(c::free);

    assertThat(threadCached(c)).containsExactlyInAnyOrderElementsOf(all.subList(0, N));
    List<Object> arenaFreeList = new ArrayList<>();
    Invariants.arenasOf(c)[0].freeListLocked(arenaFreeList);
    assertThat(arenaFreeList).containsExactly(all.get(N));

    // Last in, first out from the thread's cache; then the arena's free list.
    for (int i = N - 1; i >= 0; i--) {
      assertThat(c.allocate()).isSameAs(all.get(i));
    }
    assertThat(c.allocate()).isSameAs(all.get(N));
    assertThat(threadCached(c)).isEmpty();
  }

  @Test
  void anotherThreadDoesNotAllocateFromThisThreadsCache() throws Exception {
    SlabCache<TestObject> c = cache();
    List<TestObject> all = allocate(c, N);
    c.free(all.get(0));
    TestObject theirs = Threads.runOnEndedThread(c::allocate);
    assertThat(theirs).isNotSameAs(all.get(0));
    assertThat(threadCached(c)).containsExactly(all.get(0));
    assertThat(c.allocate()).isSameAs(all.get(0));
  }

  @Test
  void aReclaimDrainsTheCacheOfAnotherLiveThread() throws Exception {
    SlabCache<TestObject> c = cache();
    CountDownLatch freed = new CountDownLatch(1);
    CountDownLatch reclaimed = new CountDownLatch(1);
    // The other thread frees a whole slab into its cache, then waits, alive, while this thread
    // reclaims; then it allocates again.
    CompletableFuture<TestObject> other = Threads.onArena(0, 1, () -> {
      List<TestObject> slab = allocate(c, N);
      slab.forEach(c::free);
      freed.countDown();
      if (!Threads.await(reclaimed)) {
        throw new AssertionError("the reclaim never came");
      }
      return c.allocate();
    });
    assertThat(Threads.await(freed)).isTrue();
    assertThat(threadCached(c)).hasSize(N);

    ReclaimResult r = c.reclaim(1);

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(threadCached(c)).isEmpty();
    assertThat(c.stats().totalSlabs()).isZero();
    assertThat(dtor.destroyed).hasSize(N);
    reclaimed.countDown();
    // Its cache was emptied under it: it gets an object of a new slab, not a freed one.
    TestObject fresh = other.get(30, TimeUnit.SECONDS);
    assertThat(fresh.slabpoolRefcount()).isEqualTo(2);
    assertThat(dtor.destroyed).doesNotContain(fresh);
    c.free(fresh);
  }

  @Test
  void anOwnerTakingBackAndAnotherThreadDrainingNeverBothGetAnObject() throws Exception {
    SlabCache<TestObject> c = cache();
    int cycles = 2_000_000;
    AtomicBoolean ownerDone = new AtomicBoolean();
    // The owner frees and takes back the same object as fast as it can; this thread drains its
    // cache meanwhile. An object both got would be handed out while its slot is free, or its
    // slot returned twice: allocate (refcount not 0) or the drain (slot freed twice) throws.
    CompletableFuture<Integer> owner = Threads.onArena(0, 1, () -> {
      try {
        int fromCache = 0;
        TestObject last = null;
        for (int i = 0; i < cycles; i++) {
          TestObject o = c.allocate();
          fromCache += o == last ? 1 : 0;
          c.free(o);
          last = o;
        }
        return fromCache;
      } finally {
        ownerDone.set(true);
      }
    });
    long drains = 0;
    while (!ownerDone.get()) {
      c.shrink(0); // drains the free lists, gives nothing back: as often as possible
      drains++;
    }
    assertThat(owner.get(60, TimeUnit.SECONDS)).as("allocations served by the owner's cache")
        .isPositive();
    assertThat(drains).isPositive();
  }

  @Test
  void aDeadThreadsCacheIsDrainedByReclaimAndShrinkAndThenForgotten() throws Exception {
    SlabCache<TestObject> c = cache();
    Threads.runOnEndedThread(() -> {
      allocate(c, N).forEach(c::free);
      return null;
    });
    List<TestObject> second = Threads.runOnEndedThread(() -> {
      List<TestObject> slab = allocate(c, N);
      slab.forEach(c::free);
      return slab;
    });
    // Both threads have ended with a whole slab each in their caches: two slabs that look full.
    assertThat(threadCached(c)).hasSize(2 * N);
    assertThat(c.stats().fullSlabs()).isEqualTo(2);
    assertThat(c.stats().activeObjects()).isZero();

    assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1);
    assertThat(c.shrink()).isEqualTo(1);
    assertThat(threadCached(c)).isEmpty();
    assertThat(c.stats().totalSlabs()).isZero();
    assertThat(Invariants.threadCachesOf(c).size()).as("caches of dead threads").isZero();
    assertThat(dtor.destroyed).containsAll(second);
  }

  @Test
  void threadChurnDoesNotGrowTheRegistryNorStrandObjects() throws Exception {
    SlabCache<TestObject> c = cache();
    int threads = 3 * ThreadCaches.PRUNE_MIN;
    for (int i = 0; i < threads; i++) {
      Threads.runOnEndedThread(() -> {
        c.free(c.allocate());
        return null;
      });
      assertThat(Invariants.threadCachesOf(c).size()).isLessThanOrEqualTo(ThreadCaches.PRUNE_MIN);
    }
    // The caches of the dead threads left in the registry still hold their objects for drains.
    assertThat(threadCached(c)).hasSize(Invariants.threadCachesOf(c).size());
    // Memory is bounded too: never more slabs than one full registry's objects (and the one in
    // use) fill.
    long slabs = c.stats().totalSlabs();
    assertThat(slabs).isLessThanOrEqualTo(ThreadCaches.PRUNE_MIN / N + 1);
    assertThat(c.shrink()).isEqualTo(slabs);
    assertThat(c.stats().totalSlabs()).isZero();
  }

  /** Frees an object on a thread that then ends; returns that thread, weakly. */
  private static WeakReference<Thread> freeOnAThreadThatEnds(SlabCache<TestObject> c)
      throws Exception {
    return new WeakReference<>(Threads.runOnEndedThread(() -> {
      c.free(c.allocate());
      return Thread.currentThread();
    }));
  }

  @Test
  void theRegistryDoesNotKeepADeadThreadAlive() throws Exception {
    SlabCache<TestObject> c = cache();
    WeakReference<Thread> ref = freeOnAThreadThatEnds(c);

    assertThat(Gc.until(() -> ref.get() == null)).as("dead thread collected").isTrue();
    // Its cache is still registered, and a drain still reaches its object.
    assertThat(threadCached(c)).hasSize(1);
    assertThat(c.shrink()).isEqualTo(1);
  }

  @Test
  void destroyDrainsEveryThreadCacheAndAllocationThenFails() throws Exception {
    SlabCache<TestObject> c = cache();
    TestObject mine = c.allocate();
    c.free(mine);
    Threads.runOnEndedThread(() -> {
      c.free(c.allocate());
      return null;
    });
    assertThat(threadCached(c)).hasSize(2);

    c.destroy();

    assertThat(threadCached(c)).isEmpty();
    assertThat(dtor.destroyed).contains(mine);
    assertThatThrownBy(c::allocate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void freeListSizeZeroDisablesThreadCaches() {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("tcache-off"), TestObject::new)
        .objectsPerSlab(N).arenas(1).freeListSize(0).build();
    built.add(c);
    assertThat(Invariants.threadCachesOf(c)).isNull();
    TestObject first = c.allocate();
    TestObject second = c.allocate();
    c.free(first);
    assertThat(Invariants.parkedObjects(c)).as("its slot went straight back").isEmpty();
    assertThat(c.stats().activeObjects()).isEqualTo(1);
    assertThat(c.allocate()).isSameAs(first);
    c.free(second);
  }

  @Test
  void aVirtualThreadGetsNoCache() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21,
        "JDK " + Runtime.version().feature() + " has no virtual threads");
    SlabCache<TestObject> c = cache();
    TestObject o = c.allocate(); // this (platform) thread has a cache now
    int caches = Invariants.threadCachesOf(c).size();
    Thread v = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
        .invoke(null, (Runnable) () -> c.free(o));
    v.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(v.isAlive()).isFalse();
    assertThat(Invariants.threadCachesOf(c).size()).isEqualTo(caches);
    List<Object> arenaFreeList = new ArrayList<>();
    Invariants.arenasOf(c)[0].freeListLocked(arenaFreeList);
    assertThat(arenaFreeList).containsExactly(o);
  }
}
