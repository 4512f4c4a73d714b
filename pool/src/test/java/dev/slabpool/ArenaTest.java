package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Arenas: separate lists and locks, so reclaims from several threads proceed at once. */
class ArenaTest {
  private static final int N = 4;

  private static List<TestObject> cachedOnArena(SlabCache<TestObject> c, int arena, int count)
      throws Exception {
    return Threads.runOnArena(arena, c.arenas(), () -> {
      List<TestObject> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(c.allocate());
      }
      out.forEach(c::release);
      return out;
    });
  }

  @Test
  void threadsAllocateFromTheirHomeArena() throws Exception {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("home"), TestObject::new)
        .objectsPerSlab(N).arenas(2).build();
    assertThat(cachedOnArena(c, 0, N)).allMatch(o -> Invariants.arenaOf(o) == 0);
    assertThat(cachedOnArena(c, 1, N)).allMatch(o -> Invariants.arenaOf(o) == 1);
    assertThat(c.slabMap().arena()).containsExactlyInAnyOrder(0, 1);
    Invariants.check(c);
    c.destroy();
  }

  @Test
  void reclaimsFromTwoThreadsProceedOnDifferentArenasAtOnce() throws Exception {
    CountDownLatch inArena0 = new CountDownLatch(1);
    CountDownLatch inArena1 = new CountDownLatch(1);
    List<String> trouble = new CopyOnWriteArrayList<>();
    // Each FREE call announces its arena, then waits until the other arena's reclaim is inside
    // its destructor too. If reclaims of different arenas excluded each other, neither latch
    // would open and both waits would time out.
    Destructor<TestObject> meet = (o, mode) -> {
      if (mode == DestructorMode.FREE) {
        CountDownLatch mine = Invariants.arenaOf(o) == 0 ? inArena0 : inArena1;
        mine.countDown();
        if (!Threads.await(mine == inArena0 ? inArena1 : inArena0)) {
          trouble.add("arena " + Invariants.arenaOf(o) + " reclaimed alone");
        }
      }
      return true;
    };
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("arenas"), TestObject::new)
        .objectsPerSlab(N).arenas(2).freeListSize(0).reclaimable(meet).build();
    cachedOnArena(c, 0, N);
    cachedOnArena(c, 1, N);

    CompletableFuture<ReclaimResult> r0 = Threads.onArena(0, 2, () -> c.reclaim(1));
    CompletableFuture<ReclaimResult> r1 = Threads.onArena(1, 2, () -> c.reclaim(1));

    assertThat(r0.get(30, TimeUnit.SECONDS).slabsFreed()).isEqualTo(1);
    assertThat(r1.get(30, TimeUnit.SECONDS).slabsFreed()).isEqualTo(1);
    assertThat(trouble).isEmpty();
    assertThat(c.stats().totalSlabs()).isZero();
    Invariants.check(c);
    c.destroy();
  }

  @Test
  void aReclaimMovesOnToOtherArenasForTheRest() throws Exception {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("spill"), TestObject::new)
        .objectsPerSlab(N).arenas(3).freeListSize(0).reclaimable(new Recorder()).build();
    for (int a = 0; a < 3; a++) {
      cachedOnArena(c, a, N);
    }
    ReclaimResult r = Threads.runOnArena(1, 3, () -> c.reclaim(3));
    assertThat(r.slabsFreed()).isEqualTo(3);
    assertThat(c.stats().totalSlabs()).isZero();
    c.destroy();
  }
}
