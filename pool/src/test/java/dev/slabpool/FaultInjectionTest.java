package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slabpool.testkit.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Destructors that throw, decline or are slow; factories that throw, mid-slab or with an
 * OutOfMemoryError; real direct-memory exhaustion. After each, the error reached the caller, the
 * cache is consistent, its counters make sense, and it keeps working.
 */
class FaultInjectionTest {
  private static final int N = 4;

  /** A destructor whose behaviour the test changes as it goes. */
  private static final class Faulty implements Destructor<TestObject> {
    volatile RuntimeException freeThrows;
    volatile Error freeErrs;
    volatile RuntimeException destroyThrows;
    volatile boolean declines;
    final AtomicInteger frees = new AtomicInteger();

    @Override
    public boolean destruct(TestObject o, DestructorMode mode) {
      if (mode == DestructorMode.DESTROY) {
        if (destroyThrows != null) {
          throw destroyThrows;
        }
        return true;
      }
      if (freeErrs != null) {
        throw freeErrs;
      }
      if (freeThrows != null) {
        throw freeThrows;
      }
      if (declines) {
        return false;
      }
      frees.incrementAndGet();
      return true;
    }
  }

  private final Faulty dtor = new Faulty();

  /** FREE of the objects {@code which} accepts announces itself, then waits to be released. */
  private static Destructor<TestObject> blockingFree(Predicate<TestObject> which,
      CountDownLatch inside, CountDownLatch release) {
    return (o, mode) -> {
      if (mode == DestructorMode.FREE && which.test(o)) {
        inside.countDown();
        return Threads.await(release);
      }
      return true;
    };
  }

  private SlabCache<TestObject> cache(Supplier<TestObject> factory) {
    return SlabCache.builder(Names.unique("fault"), factory).objectsPerSlab(N).arenas(1)
        .freeListSize(0).circulation(1).reclaimable(dtor).build();
  }

  private static List<TestObject> cachedSlabs(SlabCache<TestObject> c, int slabs) {
    List<TestObject> out = new ArrayList<>();
    for (int i = 0; i < slabs * N; i++) {
      out.add(c.allocate());
    }
    out.forEach(c::release);
    return out;
  }

  @Test
  void aFreeDestructorThatThrows() {
    SlabCache<TestObject> c = cache(TestObject::new);
    List<TestObject> objects = cachedSlabs(c, 2);
    dtor.freeThrows = new IllegalStateException("index unavailable");

    Throwable thrown = catchThrowable(() -> c.reclaim(2));

    assertThat(thrown).isSameAs(dtor.freeThrows);
    Invariants.check(c);
    assertThat(objects).allMatch(o -> o.slabpoolRefcount() == 1); // all put back, none lost
    SlabCacheStats st = c.stats();
    assertThat(st.totalSlabs()).isEqualTo(2);
    assertThat(st.destructorRefusals()).isEqualTo(1);
    assertThat(st.slabsReclaimed()).isZero();
    assertThat(catchThrowable(() -> c.evict(objects.get(0)))).isSameAs(dtor.freeThrows);
    assertThat(objects.get(0).slabpoolRefcount()).isEqualTo(1);

    dtor.freeThrows = null;
    assertThat(c.reclaim(2).slabsFreed()).isEqualTo(2);
    Invariants.check(c);
    c.destroy();
  }

  @Test
  void anErrorFromAFreeDestructorStillCountsWhatWasFreedBeforeIt() {
    Error oom = new OutOfMemoryError("while unlinking");
    // The first slab's objects are freed; the error comes with the next slab's first FREE.
    AtomicInteger calls = new AtomicInteger();
    Destructor<TestObject> failLater = (o, mode) -> {
      if (mode == DestructorMode.FREE && calls.incrementAndGet() > N) {
        throw oom;
      }
      return true;
    };
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("fault"), TestObject::new)
        .objectsPerSlab(N).arenas(1).freeListSize(0).reclaimable(failLater).build();
    cachedSlabs(c, 2);

    assertThat(catchThrowable(() -> c.reclaim(2))).isSameAs(oom);

    SlabCacheStats st = c.stats();
    assertThat(st.slabsReclaimed()).isEqualTo(1);
    assertThat(st.objectsReclaimed()).isEqualTo(N);
    assertThat(st.destructorRefusals()).isEqualTo(1);
    assertThat(st.totalSlabs()).isEqualTo(1);
    Invariants.check(c);
    c.destroy();
  }

  @Test
  void aDestroyDestructorThatThrows() {
    SlabCache<TestObject> c = cache(TestObject::new);
    cachedSlabs(c, 2);
    dtor.destroyThrows = new IllegalArgumentException("cleanup failed");

    assertThat(catchThrowable(() -> c.reclaim(1))).isSameAs(dtor.destroyThrows);
    // The slab was still given back, and counted.
    SlabCacheStats st = c.stats();
    assertThat(st.totalSlabs()).isEqualTo(1);
    assertThat(st.slabsReclaimed()).isEqualTo(1);
    Invariants.check(c);
    c.release(c.allocate());

    assertThat(catchThrowable(c::destroy)).isSameAs(dtor.destroyThrows);
    assertThat(c.isDestroyed()).isTrue();
    assertThat(c.stats().totalSlabs()).isZero();
    assertThat(SlabCacheRegistry.find(c.name())).isEmpty();
  }

  @Test
  void aDestructorThatAlwaysDeclines() {
    SlabCache<TestObject> c = cache(TestObject::new);
    List<TestObject> objects = cachedSlabs(c, 2);
    dtor.declines = true;

    ReclaimResult r = c.reclaim(2);

    assertThat(r.slabsFreed()).isZero();
    assertThat(r.objectsFreed()).isZero();
    assertThat(c.stats().destructorRefusals()).isEqualTo(2 * N);
    assertThat(objects).allMatch(o -> o.slabpoolRefcount() == 1);
    assertThat(c.evict(objects.get(0))).isEqualTo(SlabCache.Eviction.DECLINED);
    Invariants.check(c);
    dtor.declines = false;
    assertThat(c.reclaim(2).slabsFreed()).isEqualTo(2);
    c.destroy();
  }

  @Test
  void aSlowDestructorHoldsNoLockOthersNeed() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Destructor<TestObject> slow = blockingFree(o -> Invariants.arenaOf(o) == 0, inside, release);
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("slow"), TestObject::new)
        .objectsPerSlab(N).arenas(2).freeListSize(0).reclaimable(slow).build();
    List<TestObject> arena0 = Threads.runOnArena(0, 2, () -> cachedSlabs(c, 2));
    List<TestObject> arena1 = Threads.runOnArena(1, 2, () -> cachedSlabs(c, 1));
    CompletableFuture<ReclaimResult> blocked = Threads.onArena(0, 2, () -> c.reclaim(1));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    // While that destructor is blocked: the same arena allocates, takes and drops references
    // (a lookup's steps), frees and evicts; the other arena does the same and even reclaims.
    for (int arena = 0; arena < 2; arena++) {
      List<TestObject> mine = arena == 0 ? arena0 : arena1;
      TestObject cachedOne = mine.get(mine.size() - 1);
      int home = arena;
      String progress = Threads.onArena(home, 2, () -> {
        TestObject fresh = c.allocate();
        c.free(fresh);
        TestObject kept = c.allocate();
        c.retain(cachedOne);
        c.release(cachedOne);
        c.release(kept);
        c.stats();
        c.slabMap();
        return "arena " + home + " " + Invariants.arenaOf(kept);
      }).get(30, TimeUnit.SECONDS);
      assertThat(progress).isEqualTo("arena " + arena + " " + arena);
    }
    ReclaimResult other = Threads.onArena(1, 2, () -> c.reclaim(1)).get(30, TimeUnit.SECONDS);
    assertThat(other.slabsFreed()).isEqualTo(1);
    assertThat(blocked).isNotDone();

    release.countDown();
    assertThat(blocked.get(30, TimeUnit.SECONDS).slabsFreed()).isEqualTo(1);
    Invariants.check(c);
    c.destroy();
  }

  @Test
  void anAllocationAtTheCapUsesRoomAnotherThreadsReclaimMadeWhileItWaited() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Destructor<TestObject> slow = blockingFree(o -> true, inside, release);
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("room"), TestObject::new)
        .objectsPerSlab(1).arenas(1).freeListSize(0).memoryCapSlabs(2).reclaimable(slow).build();
    TestObject pinned = c.allocate();
    c.release(c.allocate()); // the only cached object
    CompletableFuture<ReclaimResult> reclaim = CompletableFuture.supplyAsync(() -> c.reclaim(1));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    // At the cap, the allocation's own reclaim waits for the arena the first reclaim is on.
    CompletableFuture<TestObject> allocation = new CompletableFuture<>();
    Thread allocator = new Thread(() -> {
      try {
        allocation.complete(c.allocate());
      } catch (Throwable t) {
        allocation.completeExceptionally(t);
      }
    });
    allocator.start();
    Arena arena = Invariants.arenasOf(c)[0];
    for (int i = 0; i < 3000 && !arena.reclaimLock.hasQueuedThread(allocator); i++) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(arena.reclaimLock.hasQueuedThread(allocator)).isTrue();

    release.countDown();

    assertThat(reclaim.get(30, TimeUnit.SECONDS).slabsFreed()).isEqualTo(1);
    // Its own reclaim then finds nothing (the one object left is in use), but the slab the
    // first reclaim gave back is room under the cap.
    TestObject fresh = allocation.get(30, TimeUnit.SECONDS);
    assertThat(fresh.slabpoolRefcount()).isEqualTo(2);
    assertThat(c.stats().totalSlabs()).isEqualTo(2);
    Invariants.check(c);
    c.free(fresh);
    c.free(pinned);
    c.destroy();
  }

  @Test
  void aFactoryThatThrowsMidSlab() {
    AtomicInteger built = new AtomicInteger();
    RuntimeException broken = new IllegalStateException("no more connections");
    List<TestObject> destroyed = new ArrayList<>();
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("factory"), () -> {
      if (built.incrementAndGet() == 3) {
        throw broken;
      }
      return new TestObject();
    }).objectsPerSlab(N).arenas(1).memoryCapSlabs(1).destructor((o, mode) -> {
      destroyed.add(o);
      return true;
    }).build();
    SlabCacheStats before = c.stats();

    assertThat(catchThrowable(c::allocate)).isSameAs(broken);

    assertThat(destroyed).hasSize(2); // the two objects built before the failure
    assertThat(c.stats()).isEqualTo(before);
    Invariants.check(c);
    // The slab it reserved under the cap of 1 was given back: the next one can be built.
    TestObject o = c.allocate();
    assertThat(c.stats().totalSlabs()).isEqualTo(1);
    c.free(o);
    c.destroy();
  }

  @Test
  void runningOutOfMemoryWhileGrowing() {
    Error oom = new OutOfMemoryError("Java heap space");
    AtomicInteger built = new AtomicInteger();
    SlabCache<TestObject> c = cache(() -> {
      if (built.incrementAndGet() > N) {
        throw oom;
      }
      return new TestObject();
    });
    List<TestObject> first = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      first.add(c.allocate());
    }
    SlabCacheStats before = c.stats();

    assertThat(catchThrowable(c::allocate)).isSameAs(oom);

    assertThat(c.stats()).isEqualTo(before);
    Invariants.check(c);
    c.free(first.get(0));
    assertThat(c.allocate()).isSameAs(first.get(0)); // still works from what it has
    c.destroy();
  }

  @Test
  void realDirectMemoryExhaustionInAChildJvm() throws Exception {
    assumeTrue(Runtime.version().feature() < 22, "on JDK " + Runtime.version().feature()
        + " direct payloads live in java.lang.foreign arenas, which -XX:MaxDirectMemorySize"
        + " does not limit");
    try (ChildJvm child = ChildJvm.java(DirectExhaustion.class.getName())
        .jvmArgs("-XX:MaxDirectMemorySize=8m", "-Xmx64m").name("direct-exhaustion").start()) {
      int exit = child.awaitExit(ChildJvm.patience());
      String out = String.join("\n", child.output());
      assertThat(exit).as(out).isZero();
      assertThat(out).contains("out of direct memory after 8 slabs").contains("consistent")
          .contains("allocates again");
    }
  }
}
