package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plain {@link SlabCache} given a {@link Mover}: a program that keeps its objects in its own
 * index (here a map from id to object) lets compaction and reclaim move them instead of evicting
 * them. Each answer of the mover is honoured and counted; a mover that declines, throws, is slow
 * or breaks its contract loses nothing.
 */
class MoverTest {
  private static final int PER_SLAB = 8;
  private static final int SLABS = 12;

  /** An object of the program: its id, and in its payload the id again. */
  static final class Item extends PooledObject {
    volatile int id = -1;
  }

  /** The program's index, and the mover that keeps it right. */
  private static final class Program {
    final Map<Integer, Item> index = new ConcurrentHashMap<>();
    SlabCache<Item> cache;

    Mover.Answer move(Item from, Item to) {
      to.id = from.id;
      if (!index.replace(from.id, from, to)) {
        return Mover.Answer.DONT_NEED; // the program dropped it meanwhile
      }
      cache.release(to);
      return Mover.Answer.MOVED;
    }

    void add(int id) {
      Item item = cache.allocate();
      item.id = id;
      cache.payload(item).putInt(0, id);
      index.put(id, item);
      cache.release(item);
    }

    /** Drops an object the way a program does: takes it out of its index and frees it. */
    void drop(int id) {
      Item item = index.remove(id);
      assertThat(cache.retain(item)).isTrue();
      cache.free(item);
    }

    /** Every id kept is still indexed, at an object that holds it in its fields and payload. */
    void checkKept(List<Integer> ids) {
      assertThat(index.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      for (int id : ids) {
        Item item = index.get(id);
        assertThat(item.id).isEqualTo(id);
        assertThat(cache.payload(item).getInt(0)).as("payload of %d", id).isEqualTo(id);
        assertThat(cache.refcount(item)).isEqualTo(1);
      }
      Invariants.check(cache);
    }
  }

  private final List<SlabCache<?>> caches = new ArrayList<>();

  @AfterEach
  void destroy() {
    caches.forEach(SlabCache::destroy);
  }

  private Program program(String name, BiFunction<Program, Mover<Item>, Mover<Item>> wrap) {
    Program p = new Program();
    Mover<Item> mover = wrap.apply(p, p::move);
    p.cache = SlabCache.builder(Names.unique(name), Item::new).objectsPerSlab(PER_SLAB)
        .objectSize(16).payload(Payload.HEAP).arenas(1).freeListSize(0)
        .reclaimable((item, mode) -> mode == DestructorMode.DESTROY)
        .mover(mover).build();
    caches.add(p.cache);
    for (int id = 0; id < SLABS * PER_SLAB; id++) {
      p.add(id);
    }
    return p;
  }

  /** Drops a random half of the ids (the same half every run); returns the ids kept. */
  private static List<Integer> dropHalf(Program p) {
    List<Integer> ids = new ArrayList<>(p.index.keySet());
    Collections.shuffle(ids, new Random(42));
    List<Integer> kept = new ArrayList<>(ids.subList(ids.size() / 2, ids.size()));
    ids.subList(0, ids.size() / 2).forEach(p::drop);
    return kept;
  }

  @Test
  void compactionMovesEveryObjectItCanAndTheProgramsIndexFollows() {
    Program p = program("mover-compact", (prog, m) -> m);
    List<Integer> kept = dropHalf(p);
    SlabCacheStats before = p.cache.stats();

    CompactionResult r = p.cache.compact();

    SlabCacheStats after = p.cache.stats();
    assertThat(r.slabsFreed()).isPositive();
    assertThat(after.totalSlabs()).isEqualTo(before.totalSlabs() - r.slabsFreed());
    assertThat(after.density()).isGreaterThan(before.density());
    assertThat(after.moves().moved()).isEqualTo(r.objectsMoved()).isPositive();
    assertThat(after.objectsReclaimed()).isZero(); // nothing evicted
    p.checkKept(kept);
  }

  @Test
  void withoutAMoverCompactionIsRefusedAndNamesTheCache() {
    SlabCache<Item> c = SlabCache.builder(Names.unique("no-mover"), Item::new).build();
    caches.add(c);
    assertThat(c.isMovable()).isFalse();
    assertThatThrownBy(c::compact).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + c.name() + "' has no mover");
    assertThatThrownBy(() -> SlabCache.builder(Names.unique("null-mover"), Item::new).mover(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("mover");
  }

  @Test
  void aDestroyedCacheRefusesCompaction() {
    Program p = program("mover-destroyed", (prog, m) -> m);
    p.cache.destroy();
    assertThatThrownBy(p.cache::compact).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void laterAndDontKnowLeaveEveryObjectWhereItWasAndAreCounted() {
    for (Mover.Answer answer : List.of(Mover.Answer.LATER, Mover.Answer.DONT_KNOW)) {
      Program p = program("mover-" + answer, (prog, m) -> (from, to) -> answer);
      List<Integer> kept = dropHalf(p);
      Map<Integer, Long> slabs = slabsOf(p);
      SlabCacheStats before = p.cache.stats();

      CompactionResult r = p.cache.compact();

      assertThat(r.objectsMoved()).isZero();
      assertThat(r.slabsFreed()).isZero();
      SlabCacheStats after = p.cache.stats();
      assertThat(after.totalSlabs()).isEqualTo(before.totalSlabs());
      assertThat(after.activeObjects()).isEqualTo(before.activeObjects());
      long asked = answer == Mover.Answer.LATER ? after.moves().later() : after.moves().dontKnow();
      assertThat(asked).as("answers %s counted", answer).isPositive();
      assertThat(after.moves().moved()).isZero();
      assertThat(slabsOf(p)).isEqualTo(slabs);
      p.checkKept(kept);
    }
  }

  @Test
  void neverPinsTheSlabUntilOneOfItsObjectsIsFreed() {
    Set<Integer> asked = ConcurrentHashMap.newKeySet();
    Program p = program("mover-never", (prog, m) -> (from, to) -> {
      asked.add(from.id);
      return Mover.Answer.NEVER;
    });
    List<Integer> kept = dropHalf(p);

    p.cache.compact();
    Set<Integer> first = Set.copyOf(asked);
    assertThat(first).isNotEmpty();
    assertThat(p.cache.stats().moves().never()).isEqualTo(first.size());
    asked.clear();
    p.cache.compact();
    assertThat(asked).as("objects of slabs that said never are not asked again")
        .doesNotContainAnyElementsOf(first);

    int dropped = first.iterator().next();
    long slab = Invariants.slabOf(p.index.get(dropped));
    p.drop(dropped); // frees a slot of one of those slabs
    kept.remove((Integer) dropped);
    asked.clear();
    p.cache.compact();
    assertThat(asked).as("the slab that lost an object is asked again").anyMatch(id ->
        first.contains(id) && Invariants.slabOf(p.index.get(id)) == slab);
    p.checkKept(kept);
  }

  @Test
  void aMoverThatThrowsLosesNothingAndIsCountedAsDontKnow() {
    Program p = program("mover-throws", (prog, m) -> (from, to) -> {
      throw new IllegalStateException("mover failure for " + from.id);
    });
    List<Integer> kept = dropHalf(p);

    CompactionResult r = p.cache.compact();

    assertThat(r.slabsFreed()).isZero();
    SlabCacheStats.Moves moves = p.cache.stats().moves();
    assertThat(moves.threw()).isPositive().isEqualTo(moves.dontKnow());
    p.checkKept(kept);
    assertThat(p.cache.allocate()).isNotNull(); // still works
  }

  @Test
  void anErrorFromTheMoverReachesTheCallerAfterThePassIsCommitted() {
    Program p = program("mover-error", (prog, m) -> (from, to) -> {
      throw new StackOverflowError("deep in the mover");
    });
    List<Integer> kept = dropHalf(p);

    Throwable t = catchThrowable(p.cache::compact);

    assertThat(t).isInstanceOf(StackOverflowError.class).hasMessage("deep in the mover");
    assertThat(p.cache.stats().moves().threw()).isPositive();
    p.checkKept(kept);
  }

  @Test
  void halfTheMovesRefusedMovesTheRestAndLosesNothing() {
    Program p = program("mover-half", (prog, m) -> (from, to) ->
        from.id % 2 == 0 ? m.move(from, to) : Mover.Answer.LATER);
    List<Integer> kept = dropHalf(p);

    CompactionResult r = p.cache.compact();

    SlabCacheStats.Moves moves = p.cache.stats().moves();
    assertThat(moves.moved()).isEqualTo(r.objectsMoved()).isPositive();
    assertThat(moves.later()).isPositive();
    p.checkKept(kept);
  }

  @Test
  void aMoverThatReleasesTheFreshObjectYetDeclinesCorruptsNothing() {
    Program p = program("mover-contract", (prog, m) -> (from, to) -> {
      prog.cache.release(to); // wrong: only a move releases it
      return Mover.Answer.LATER;
    });
    List<Integer> kept = dropHalf(p);

    p.cache.compact();

    // The fresh objects stay cached (refcount 1, never indexed); the program's objects are intact.
    p.checkKept(kept);
    assertThat(p.cache.stats().activeObjects()).isGreaterThan(kept.size());
  }

  @Test
  void aSlowMoverHoldsNoLockThatAllocationsNeed() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    Program p = program("mover-slow", (prog, m) -> (from, to) -> {
      inside.countDown();
      try {
        letGo.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return m.move(from, to);
    });
    List<Integer> kept = dropHalf(p);

    CompletableFuture<CompactionResult> compaction = CompletableFuture.supplyAsync(p.cache::compact);
    assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
    // The mover is stuck in its first call: allocation and a lookup's retain still go on.
    Item extra = p.cache.allocate();
    assertThat(p.cache.retain(p.index.get(kept.get(0)))).isTrue();
    p.cache.release(p.index.get(kept.get(0)));
    p.cache.free(extra);
    letGo.countDown();

    assertThat(compaction.get(1, TimeUnit.MINUTES).objectsMoved()).isPositive();
    p.checkKept(kept);
  }

  @Test
  void aReclaimThatCannotEvictCompactsInstead() {
    // The destructor declines every FREE: reclaim can evict nothing, yet with a mover it still
    // gives back the slabs that the moves empty.
    Program p = program("mover-reclaim", (prog, m) -> m);
    List<Integer> kept = dropHalf(p);
    long slabs = p.cache.stats().totalSlabs();

    ReclaimResult r = p.cache.reclaim(slabs);

    assertThat(r.slabsFreed()).isPositive();
    assertThat(r.objectsFreed()).isZero();
    assertThat(p.cache.stats().totalSlabs()).isEqualTo(slabs - r.slabsFreed());
    p.checkKept(kept);
  }

  @Test
  void aMoveOfAKeyedCachesEntriesIsCountedInItsStatistics() {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique("keyed-mv"))
        .objectsPerSlab(PER_SLAB).arenas(1).build();
    try {
      for (int k = 0; k < 4 * PER_SLAB; k++) {
        c.put(k, "v" + k);
      }
      for (int k = 0; k < 4 * PER_SLAB; k += 2) {
        c.remove(k);
      }
      assertThat(c.isMovable()).isTrue();
      CompactionResult r = c.compact();
      assertThat(c.stats().moves().moved()).isEqualTo(r.objectsMoved()).isPositive();
    } finally {
      c.destroy();
    }
  }

  private static Map<Integer, Long> slabsOf(Program p) {
    Map<Integer, Long> m = new TreeMap<>();
    p.index.forEach((id, item) -> m.put(id, Invariants.slabOf(item)));
    return m;
  }
}
