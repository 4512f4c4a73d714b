package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of slab cache operations against a model of what the caller holds, with
 * docs/design.md's invariants checked after every step: no object freed while its refcount is above
 * 1, none freed twice (or handed out while live), nothing leaked, and the statistics add up.
 *
 * <p>Each operation runs on the test's thread or on a second thread, one at a time; the second
 * thread can end and be replaced ({@code THREAD_EXIT}). So objects sit in two threads' caches,
 * live and dead, when the other thread allocates, reclaims or shrinks.
 *
 * <p>The cache has a {@link Mover}, whose answer the sequence changes ({@code ANSWER}: moved,
 * not needed, later, never, don't know, or a throw): {@code COMPACT} steps, and reclaims that
 * fall short, move cached objects; the mover checks it is only offered cached, unused objects and
 * a fresh object in use, and keeps the model in step with its answer. The mover's answers as the
 * statistics count them must be the ones it gave.
 */
class SlabCachePropertiesTest {

  enum Kind {
    ALLOCATE, RETAIN, RELEASE, FREE, EVICT, RECLAIM, SHRINK, DECLINE, CAP, COMPACT, ANSWER,
    THREAD_EXIT
  }

  /** An operation; {@code elsewhere}: on the second thread. */
  record Op(Kind kind, int arg, boolean elsewhere) {}

  record Config(int objectsPerSlab, int freeList, int circulation, long cap) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Kind.ALLOCATE)),
                Tuple.of(2, Arbitraries.just(Kind.RETAIN)),
                Tuple.of(5, Arbitraries.just(Kind.RELEASE)),
                Tuple.of(2, Arbitraries.just(Kind.FREE)),
                Tuple.of(2, Arbitraries.just(Kind.EVICT)),
                Tuple.of(2, Arbitraries.just(Kind.RECLAIM)),
                Tuple.of(1, Arbitraries.just(Kind.SHRINK)),
                Tuple.of(1, Arbitraries.just(Kind.DECLINE)),
                Tuple.of(1, Arbitraries.just(Kind.CAP)),
                Tuple.of(2, Arbitraries.just(Kind.COMPACT)),
                Tuple.of(1, Arbitraries.just(Kind.ANSWER)),
                Tuple.of(1, Arbitraries.just(Kind.THREAD_EXIT))),
            Arbitraries.integers().between(0, 20), Arbitraries.of(false, true))
        .as(Op::new).list().ofMinSize(1).ofMaxSize(80);
  }

  @Provide
  Arbitrary<Config> configs() {
    return Combinators.combine(
            Arbitraries.of(1, 3, 4), Arbitraries.of(0, 2, 6), Arbitraries.integers().between(0, 1),
            Arbitraries.of(Long.MAX_VALUE, 3L))
        .as(Config::new);
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
  void invariantsHoldAfterEveryStep(@ForAll("configs") Config config,
      @ForAll("ops") List<Op> ops) {
    new Run(config).play(ops);
  }

  /** One cache and the model of what the test holds. */
  private static final class Run {
    private final Recorder dtor = new Recorder();
    private final SlabCache<TestObject> cache;
    /** References the test holds on each object (the cache's own reference not counted). */
    private final Map<TestObject, Integer> refs = new IdentityHashMap<>();
    /** Objects the test released to refcount 1: cached, freeable by the allocator. */
    private final Set<TestObject> cached = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> violations = new ArrayList<>();
    private int declineEvery;
    /** What the mover answers next; {@code null}: it throws. */
    private Mover.Answer answer = Mover.Answer.MOVED;
    /** The mover's answers so far (a throw counts as don't know), and its throws. */
    private final long[] answers = new long[Mover.Answer.values().length];
    private long throwsSoFar;
    /** What the counters must say: frees and refusals seen by the destructor, slabs reported. */
    private boolean reclaiming;
    private long reclaimFrees;
    private long refusals;
    private long slabsReported;
    /** The second thread; replaced by THREAD_EXIT. */
    private ExecutorService elsewhere = Executors.newSingleThreadExecutor();

    Run(Config c) {
      dtor.decline(o -> declineEvery > 0 && o.id % declineEvery == 0);
      SlabCache.Builder<TestObject> b = SlabCache.builder(Names.unique("prop"), TestObject::new)
          .objectsPerSlab(c.objectsPerSlab()).arenas(1).freeListSize(c.freeList())
          .circulation(Math.min(c.circulation(), c.objectsPerSlab()))
          .reclaimable(this::destruct).mover(this::move).registered(false);
      if (c.cap() != Long.MAX_VALUE) {
        b.memoryCapSlabs(c.cap());
      }
      cache = b.build();
    }

    private boolean destruct(TestObject o, DestructorMode mode) {
      if (refs.containsKey(o)) {
        violations.add(mode + " on " + o + " held with refcount " + o.slabpoolRefcount());
      }
      if (mode == DestructorMode.DESTROY) {
        if (cached.contains(o)) {
          violations.add("DESTROY on cached " + o + " that was never freed");
        }
        return true;
      }
      if (!cached.contains(o)) {
        violations.add("FREE on " + o + " that is not cached (freed twice?)");
      }
      boolean freed = dtor.destruct(o, mode);
      if (freed) {
        cached.remove(o);
        reclaimFrees += reclaiming ? 1 : 0;
      } else {
        refusals++;
      }
      return freed;
    }

    /** The program's side of a move: only cached, unused objects are offered, with a fresh one. */
    private Mover.Answer move(TestObject from, TestObject to) {
      if (refs.containsKey(from) || !cached.contains(from)) {
        violations.add("asked to move " + from + ", which is not cached and unused");
      }
      if (to.slabpoolRefcount() != 2 || refs.containsKey(to) || cached.contains(to)) {
        violations.add("offered " + to + " with refcount " + to.slabpoolRefcount()
            + " as the fresh object");
      }
      if (answer == null) {
        answers[Mover.Answer.DONT_KNOW.ordinal()]++;
        throwsSoFar++;
        throw new IllegalStateException("the mover fails, as planned");
      }
      answers[answer.ordinal()]++;
      switch (answer) {
        case MOVED -> {
          cached.remove(from);
          cache.release(to); // the fresh object is now the cached one
          cached.add(to);
        }
        case DONT_NEED -> cached.remove(from);
        default -> { }
      }
      return answer;
    }

    void play(List<Op> ops) {
      try {
        for (Op op : ops) {
          long slabsBefore = cache.stats().totalSlabs();
          if (op.kind() == Kind.THREAD_EXIT) {
            replaceSecondThread();
          } else if (op.elsewhere()) {
            onSecondThread(() -> step(op));
          } else {
            step(op);
          }
          check(op);
          // A cap lowered below what is in use cannot be met at once, but no slab is ever built
          // above it.
          SlabCacheStats st = cache.stats();
          if (st.totalSlabs() > Math.max(st.memoryCapSlabs(), slabsBefore)) {
            violations.add("grew to " + st.totalSlabs() + " slabs above the cap "
                + st.memoryCapSlabs());
          }
        }
        for (TestObject o : new ArrayList<>(refs.keySet())) {
          while (refs.containsKey(o)) {
            release(o);
          }
        }
        check(null);
      } finally {
        cache.destroy();
        elsewhere.shutdownNow();
      }
      assertThat(dtor.violations).isEmpty();
    }

    /** Runs a step on the second thread and waits for it; its failures are rethrown here. */
    private void onSecondThread(Runnable step) {
      try {
        elsewhere.submit(step).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) e.getCause();
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError("second thread stuck", e);
      }
    }

    /** The second thread ends, leaving what its cache holds to drains; a new one replaces it. */
    private void replaceSecondThread() {
      elsewhere.shutdown();
      try {
        assertThat(elsewhere.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      elsewhere = Executors.newSingleThreadExecutor();
    }

    private <T> T pick(Iterable<T> from, int arg) {
      List<T> list = new ArrayList<>();
      from.forEach(list::add);
      list.sort((a, b) -> Integer.compare(((TestObject) a).id, ((TestObject) b).id));
      return list.isEmpty() ? null : list.get(arg % list.size());
    }

    private void step(Op op) {
      TestObject held = pick(refs.keySet(), op.arg());
      TestObject idle = pick(cached, op.arg());
      switch (op.kind()) {
        case ALLOCATE -> {
          SlabCacheStats before = cache.stats();
          reclaiming = true; // at the cap, allocation reclaims
          try {
            TestObject o = cache.allocate();
            if (refs.containsKey(o) || cached.contains(o)) {
              violations.add("allocate handed out live " + o);
            }
            refs.put(o, 1);
          } catch (SlabCacheFullException e) {
            if (cache.stats().totalSlabs() < before.memoryCapSlabs()) {
              violations.add("full below the cap: " + e.getMessage());
            }
          } finally {
            reclaiming = false;
          }
        }
        case RETAIN -> {
          TestObject o = held != null ? held : idle;
          if (o != null) {
            assertThat(cache.retain(o)).isTrue();
            cached.remove(o);
            refs.merge(o, 1, Integer::sum);
          }
        }
        case RELEASE -> {
          if (held != null) {
            release(held);
          }
        }
        case FREE -> {
          if (held != null) {
            if (refs.get(held) == 1) {
              cache.free(held);
              refs.remove(held);
            } else {
              SlabCacheStats before = cache.stats();
              try {
                cache.free(held);
                violations.add("free of " + held + " held twice succeeded");
              } catch (IllegalStateException expected) {
                assertThat(cache.stats()).isEqualTo(before);
              }
            }
          }
        }
        case EVICT -> {
          if (idle != null) {
            SlabCache.Eviction r = cache.evict(idle);
            if (r == SlabCache.Eviction.NOT_CACHED) {
              violations.add("evict of cached " + idle + " found it not cached");
            }
          } else if (held != null && cache.evict(held) != SlabCache.Eviction.NOT_CACHED) {
            violations.add("evict freed held " + held);
          }
        }
        case RECLAIM -> {
          reclaim(() -> cache.reclaim(op.arg() % 4));
          if (op.arg() % 4 > 0) {
            expectNothingParked(op);
          }
        }
        case SHRINK -> {
          cache.shrink();
          expectNothingParked(op);
        }
        case DECLINE -> declineEvery = op.arg() % 3;
        case CAP -> reclaim(() -> cache.memoryCap(1 + op.arg() % 5));
        case COMPACT -> {
          long before = cache.stats().totalSlabs();
          try {
            CompactionResult r = cache.compact();
            if (cache.stats().totalSlabs() != before - r.slabsFreed()) {
              violations.add("compaction reported " + r.slabsFreed() + " slabs freed of "
                  + before + " but " + cache.stats().totalSlabs() + " are left");
            }
          } catch (IllegalStateException e) {
            if (answer != null) {
              throw e; // only the planned failure may come out of the mover
            }
          }
        }
        case ANSWER -> {
          int a = op.arg() % (Mover.Answer.values().length + 1);
          answer = a == Mover.Answer.values().length ? null : Mover.Answer.values()[a];
        }
        default -> throw new AssertionError(op);
      }
    }

    /** Step 1 of reclaim, and shrink: every free list drained, both threads' caches included. */
    private void expectNothingParked(Op op) {
      List<Object> parked = Invariants.parkedObjects(cache);
      if (!parked.isEmpty()) {
        violations.add(op + " left " + parked + " parked");
      }
    }

    private void reclaim(java.util.function.Supplier<ReclaimResult> call) {
      reclaiming = true;
      try {
        slabsReported += call.get().slabsFreed();
      } finally {
        reclaiming = false;
      }
    }

    private void release(TestObject o) {
      int left = refs.merge(o, -1, Integer::sum);
      int rc = cache.release(o);
      if (left == 0) {
        refs.remove(o);
        cached.add(o);
      }
      if (rc != left + 1) {
        violations.add("release of " + o + " left refcount " + rc + ", model says " + (left + 1));
      }
    }

    private void check(Op after) {
      List<String> found = new ArrayList<>(Invariants.violations(cache));
      refs.forEach((o, n) -> {
        if (o.slabpoolRefcount() != n + 1) {
          found.add(o + " held " + n + " times has refcount " + o.slabpoolRefcount());
        }
      });
      Set<TestObject> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
      allocated.addAll(Invariants.allocatedObjects(cache));
      for (TestObject o : cached) {
        if (o.slabpoolRefcount() != 1 || !allocated.contains(o)) {
          found.add("cached " + o + " has refcount " + o.slabpoolRefcount() + " allocated="
              + allocated.contains(o));
        }
      }
      long live = refs.size() + cached.size();
      if (cache.stats().activeObjects() != live) {
        found.add("active objects " + cache.stats().activeObjects() + " but the model has "
            + live + " (leak or lost object)");
      }
      SlabCacheStats st = cache.stats();
      if (st.objectsReclaimed() != reclaimFrees || st.destructorRefusals() != refusals
          || st.slabsReclaimed() < slabsReported // at the cap, allocations reclaim too
          || st.circulationFrees() > st.objectsReclaimed()) {
        found.add("counters " + st + " but the destructor freed " + reclaimFrees
            + " in reclaims, refused " + refusals + ", reclaims reported " + slabsReported
            + " slabs");
      }
      SlabCacheStats.Moves moves = st.moves();
      SlabCacheStats.Moves given = new SlabCacheStats.Moves(answers[0], answers[1], answers[2],
          answers[3], answers[4], throwsSoFar);
      if (!moves.equals(given)) {
        found.add("mover answers counted " + moves + " but it gave " + given);
      }
      found.addAll(violations);
      found.addAll(dtor.violations);
      assertThat(found).as("after %s", after).isEmpty();
    }
  }
}
