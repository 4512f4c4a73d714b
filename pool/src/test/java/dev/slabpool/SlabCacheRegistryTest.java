package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM-wide registry: weak, and heard by listeners. */
class SlabCacheRegistryTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final String prefix = Names.unique("reg");
  private final SlabCacheRegistry.Listener listener = new SlabCacheRegistry.Listener() {
    @Override
    public void added(ManagedCache cache) {
      if (cache.name().startsWith(prefix)) {
        events.add("added " + cache.name());
      }
    }

    @Override
    public void removed(String name) {
      if (name.startsWith(prefix)) {
        events.add("removed " + name);
      }
    }

    @Override
    public void reclaiming(String cache, ReclaimResult.Cause cause) {
      if (cache.startsWith(prefix)) {
        events.add("reclaiming " + cache + " " + cause);
      }
    }

    @Override
    public void reclaimed(ReclaimResult r) {
      if (r.cache().startsWith(prefix)) {
        events.add("reclaimed " + r.cache() + " " + r.cause() + " " + r.slabsFreed());
      }
    }
  };

  {
    SlabCacheRegistry.addListener(listener);
  }

  @AfterEach
  void removeListener() {
    SlabCacheRegistry.removeListener(listener);
  }

  @Test
  void listsLiveCachesAndForgetsDestroyedOnes() {
    SlabCache<TestObject> c = SlabCache.builder(prefix + ".a", TestObject::new).build();
    assertThat(SlabCacheRegistry.find(c.name())).containsSame(c);
    assertThat(SlabCacheRegistry.caches()).contains(c);
    c.destroy();
    assertThat(SlabCacheRegistry.find(c.name())).isEmpty();
    assertThat(SlabCacheRegistry.caches()).doesNotContain(c);
    assertThat(events).containsExactly("added " + c.name(), "removed " + c.name());
  }

  @Test
  void aCacheThatIsNotRegisteredIsNotListed() {
    SlabCache<TestObject> c = SlabCache.builder(prefix + ".hidden", TestObject::new)
        .registered(false).build();
    assertThat(SlabCacheRegistry.find(c.name())).isEmpty();
    assertThat(events).isEmpty();
    c.destroy();
  }

  @Test
  void aCacheDroppedWithoutDestroyDisappearsAfterGc() {
    String name = buildAndDrop();
    assertThat(Gc.until(() -> SlabCacheRegistry.find(name).isEmpty())).isTrue();
    assertThat(Gc.until(() -> {
      SlabCacheRegistry.caches(); // expunges collected caches, telling the listeners
      return events.contains("removed " + name);
    })).isTrue();
    // The name is free again.
    SlabCache<TestObject> again = SlabCache.builder(name, TestObject::new).build();
    assertThat(SlabCacheRegistry.find(name)).containsSame(again);
    again.destroy();
  }

  private String buildAndDrop() {
    SlabCache<TestObject> c = SlabCache.builder(prefix + ".dropped", TestObject::new).build();
    c.release(c.allocate());
    // An object left in this (live) thread's cache must not keep the cache reachable either.
    c.free(c.allocate());
    assertThat(Invariants.parkedObjects(c)).hasSize(1);
    return c.name();
  }

  @Test
  void listenersHearEveryReclaimIncludingThoseAtTheCap() {
    SlabCache<TestObject> c = SlabCache.builder(prefix + ".cap", TestObject::new)
        .objectsPerSlab(2).arenas(1).memoryCapSlabs(1).freeListSize(0)
        .reclaimable((o, mode) -> true).build();
    c.release(c.allocate());
    c.release(c.allocate());
    c.release(c.allocate()); // at the cap: frees the slab, builds a new one
    c.reclaim(1);
    assertThat(events).containsExactly("added " + c.name(),
        "reclaiming " + c.name() + " MEMORY_CAP", "reclaimed " + c.name() + " MEMORY_CAP 1",
        "reclaiming " + c.name() + " REQUEST", "reclaimed " + c.name() + " REQUEST 1");
    c.destroy();
  }

  @Test
  void aReclaimIsHeardBeforeItsWorkAndAfterItEvenWhenItFails() {
    SlabCache<TestObject> c = SlabCache.builder(prefix + ".failing", TestObject::new)
        .objectsPerSlab(2).arenas(1).freeListSize(0).reclaimable((o, mode) -> {
          events.add("destructor " + mode);
          if (mode == DestructorMode.FREE) {
            throw new IllegalStateException("destructor bug");
          }
          return true;
        }).build();
    c.release(c.allocate());
    assertThatThrownBy(() -> c.reclaim(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("destructor bug");
    assertThat(events).containsExactly("added " + c.name(),
        "reclaiming " + c.name() + " REQUEST", "destructor FREE",
        "reclaimed " + c.name() + " REQUEST 0");
    c.destroy();
  }

  @Test
  void everyKeyedPolicyIsHeardBeforeAndAfterItsReclaim() {
    for (ReclaimPolicy policy : List.of(ReclaimPolicy.HOT, ReclaimPolicy.LRU,
        ReclaimPolicy.SLAB)) {
      events.clear();
      KeyedCache<Integer, Integer> k = KeyedCache.<Integer, Integer>builder(
          prefix + "." + policy.id()).objectsPerSlab(2).arenas(1).policy(policy)
          .loader(key -> key).build();
      for (int key = 0; key < 6; key++) {
        k.release(k.lookup(key));
      }
      long freed = k.reclaim(1).slabsFreed();
      assertThat(events).as(policy.id()).containsExactly("added " + k.name(),
          "reclaiming " + k.name() + " REQUEST", "reclaimed " + k.name() + " REQUEST " + freed);
      k.destroy();
    }
  }

  @Test
  void aFailingListenerDoesNotBreakTheCache() {
    SlabCacheRegistry.Listener broken = new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        throw new IllegalStateException("listener bug");
      }
    };
    SlabCacheRegistry.addListener(broken);
    try {
      SlabCache<TestObject> c = SlabCache.builder(prefix + ".faulty", TestObject::new)
          .objectsPerSlab(2).arenas(1).freeListSize(0).reclaimable((o, mode) -> true).build();
      c.release(c.allocate());
      assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1);
      assertThat(events).contains("reclaimed " + c.name() + " REQUEST 1");
      Invariants.check(c);
      c.destroy();
    } finally {
      SlabCacheRegistry.removeListener(broken);
    }
  }
}
