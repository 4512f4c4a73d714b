package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Four threads on the two cores, a bounded number of operations each (not a duration), running
 * the {@link MixedWorkload}. At the end the invariants are checked and the violations counted
 * by every thread must be none. The soak ({@code -Psoak}) runs the same workload for minutes,
 * with destroy races.
 */
class ConcurrencyStressTest {
  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 30_000;

  @Test
  void mixedOperationsFromFourThreadsFindNoViolation() throws Exception {
    List<String> violations = MixedWorkload.violationList();
    KeyedCache<Integer, String> keyed = MixedWorkload.keyedCache(Names.unique("stress"));
    SlabCache<TestObject> objects =
        MixedWorkload.slabCache(Names.unique("stress-objects"), violations);
    MixedWorkload workload = new MixedWorkload(keyed, objects, violations);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SplittableRandom random = new SplittableRandom(1000 + t);
        AtomicInteger left = new AtomicInteger(OPS_PER_THREAD);
        futures.add(pool.submit(() -> {
          start.await();
          workload.run(random, () -> left.getAndDecrement() > 0);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    workload.drainHandedOver();
    assertThat(workload.done()).isEqualTo((long) THREADS * OPS_PER_THREAD);
    assertThat(workload.shortLivedThreads()).isPositive();
    assertThat(violations).isEmpty();
    KeyedInvariants.check(keyed);
    Invariants.check(objects);
    assertThat(keyed.stats().pinnedObjects()).isZero();
    assertThat(objects.stats().pinnedObjects()).isZero();
    // Every thread that used the objects has ended, some with objects in their caches: one
    // reclaim must still reach them all, and free every slab.
    objects.reclaim(Long.MAX_VALUE);
    assertThat(objects.stats().totalSlabs()).isZero();
    keyed.destroy();
    objects.destroy();
  }
}
