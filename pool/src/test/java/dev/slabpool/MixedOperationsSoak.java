package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The soak ({@code mvn -B -pl pool -am -Psoak test -Dsoak.minutes=N}): the {@link MixedWorkload}
 * from five threads for N minutes (default 1), in epochs on fresh caches. Every other epoch ends
 * with {@code destroy()} of both caches while the other four threads are still running; the
 * others end quietly and check the invariants first. A {@link Watchdog} dumps the threads when no
 * operation completes for 30 s. The report line gives operations, epochs and violations; the test
 * fails on any violation or a stall.
 */
class MixedOperationsSoak {
  private static final int WORKERS = 4;
  /** Operations the main thread runs in each epoch before it ends the epoch. */
  private static final int EPOCH_OPS = 20_000;

  @Test
  void everyOperationWithDestroyRacesForMinutesFindsNoViolation() throws Exception {
    Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 1));
    long seed = Long.getLong("soak.seed", System.nanoTime());
    System.out.println("soak: " + length.toMinutes() + " minutes, seed " + seed + " (-Dsoak.seed)");
    SplittableRandom seeds = new SplittableRandom(seed);
    List<String> violations = MixedWorkload.violationList();
    AtomicLong finished = new AtomicLong();
    AtomicReference<MixedWorkload> current = new AtomicReference<>();
    long deadline = System.nanoTime() + length.toNanos();
    int epochs = 0;
    int races = 0;
    try (Watchdog dog = Watchdog.start(() -> finished.get()
        + (current.get() == null ? 0 : current.get().done()), 30)) {
      for (; System.nanoTime() < deadline && dog.stalled() == null && violations.isEmpty();
          epochs++) {
        KeyedCache<Integer, String> keyed = MixedWorkload.keyedCache(Names.unique("soak"));
        SlabCache<TestObject> objects =
            MixedWorkload.slabCache(Names.unique("soak-objects"), violations);
        MixedWorkload w = new MixedWorkload(keyed, objects, violations);
        current.set(w);
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[WORKERS];
        for (int t = 0; t < WORKERS; t++) {
          SplittableRandom random = seeds.split();
          workers[t] = new Thread(() -> w.run(random, () -> !stop.get()), "soak-" + t);
          workers[t].start();
        }
        AtomicInteger left = new AtomicInteger(EPOCH_OPS);
        w.run(seeds.split(), () -> left.getAndDecrement() > 0);
        boolean race = epochs % 2 == 1;
        if (race) {
          keyed.destroy();
          objects.destroy();
          races++;
        }
        stop.set(true);
        for (Thread t : workers) {
          while (t.isAlive() && dog.stalled() == null) {
            t.join(1000);
          }
        }
        assertThat(dog.stalled()).as("watchdog").isNull();
        w.drainHandedOver();
        if (!race) {
          KeyedInvariants.check(keyed);
          Invariants.check(objects);
          assertThat(keyed.stats().pinnedObjects()).isZero();
          assertThat(objects.stats().pinnedObjects()).isZero();
          keyed.destroy();
          objects.destroy();
        }
        finished.addAndGet(w.done());
        current.set(null);
      }
    }
    System.out.printf("soak: %,d operations in %d epochs (%d ended by destroy() under load),"
        + " %d violations, JDK %s%n", finished.get(), epochs, races, violations.size(),
        Runtime.version());
    assertThat(violations).isEmpty();
    assertThat(races).isPositive();
  }
}
