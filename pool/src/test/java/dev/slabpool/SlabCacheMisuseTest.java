package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API misuse: a clear error naming the bad value, and nothing changed. */
class SlabCacheMisuseTest {
  private final Recorder dtor = new Recorder();
  private final SlabCache<TestObject> cache = SlabCache.builder(Names.unique("misuse"),
      TestObject::new).objectsPerSlab(4).arenas(1).freeListSize(0).reclaimable(dtor).build();

  @AfterEach
  void consistent() {
    if (!cache.isDestroyed()) {
      Invariants.check(cache);
      cache.destroy();
    }
  }

  /** Runs {@code misuse}, which must throw, and checks the statistics did not move. */
  private void unchanged(Runnable misuse, Class<? extends Throwable> type, String... named) {
    SlabCacheStats before = cache.stats();
    SlabMap mapBefore = cache.slabMap();
    assertThatThrownBy(misuse::run).isInstanceOf(type).message().contains(named);
    assertThat(cache.stats()).isEqualTo(before);
    assertThat(cache.slabMap()).isEqualTo(mapBefore);
  }

  private TestObject cached() {
    TestObject o = cache.allocate();
    cache.release(o);
    return o;
  }

  @Test
  void negativePages() {
    cached();
    unchanged(() -> cache.reclaim(-3), IllegalArgumentException.class, "-3");
    unchanged(() -> cache.shrink(-2), IllegalArgumentException.class, "-2");
  }

  @Test
  void reclaimWithoutTheReclaimFlag() {
    SlabCache<TestObject> plain = SlabCache.builder(Names.unique("plain"), TestObject::new).build();
    TestObject o = plain.allocate();
    plain.release(o);
    SlabCacheStats before = plain.stats();
    assertThatThrownBy(() -> plain.reclaim(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(plain.name()).hasMessageContaining("RECLAIM");
    assertThat(plain.stats()).isEqualTo(before);
    assertThat(o.slabpoolRefcount()).isEqualTo(1);
    plain.destroy();
  }

  @Test
  void operationsOnADestroyedCache() {
    TestObject o = cached();
    cache.destroy();
    assertThat(dtor.destroyed).isNotEmpty();
    SlabCacheStats before = cache.stats();
    assertThat(before.totalSlabs()).isZero();
    for (Runnable misuse : new Runnable[] {
        () -> cache.reclaim(1), cache::allocate, cache::shrink, () -> cache.memoryCap(4)}) {
      assertThatThrownBy(misuse::run).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(cache.name()).hasMessageContaining("destroyed");
    }
    assertThat(cache.stats()).isEqualTo(before);
    // Nothing is cached any more: evict is a no-op and calls no destructor.
    int freeCalls = dtor.freed.size();
    assertThat(cache.evict(o)).isEqualTo(SlabCache.Eviction.NOT_CACHED);
    assertThat(dtor.freed).hasSize(freeCalls);
    cache.destroy(); // idempotent
  }

  @Test
  void doubleFree() {
    TestObject o = cache.allocate();
    cache.free(o);
    unchanged(() -> cache.free(o), IllegalStateException.class, Refcounts.describe(o), "double free");
  }

  @Test
  void freeOfACachedObjectOrOneHeldByOthers() {
    TestObject o = cached();
    unchanged(() -> cache.free(o), IllegalStateException.class, Refcounts.describe(o), "refcount is 1");
    cache.retain(o);
    cache.retain(o);
    unchanged(() -> cache.free(o), IllegalStateException.class, "1 other reference");
    cache.release(o);
  }

  @Test
  void releaseWithoutAReference() {
    TestObject o = cached();
    unchanged(() -> cache.release(o), IllegalStateException.class, Refcounts.describe(o),
        "refcount 1");
  }

  @Test
  void foreignObjects() {
    SlabCache<TestObject> other = SlabCache.builder(Names.unique("other"), TestObject::new).build();
    TestObject theirs = other.allocate();
    TestObject loose = new TestObject();
    for (Consumer<TestObject> op : java.util.List.<Consumer<TestObject>>of(
        cache::free, cache::evict, cache::payload)) {
      unchanged(() -> op.accept(theirs), IllegalArgumentException.class, Refcounts.describe(theirs),
          "does not belong to cache '" + cache.name() + "'");
      unchanged(() -> op.accept(loose), IllegalArgumentException.class, Refcounts.describe(loose));
    }
    assertThat(theirs.slabpoolRefcount()).isEqualTo(2);
    other.destroy();
  }

  @Test
  void settersOnALiveCache() {
    cached();
    unchanged(() -> cache.memoryCap(0), IllegalArgumentException.class, "0");
    unchanged(() -> cache.circulation(-1), IllegalArgumentException.class, "-1");
    unchanged(() -> cache.circulation(5), IllegalArgumentException.class, "5", "(4)");
    unchanged(() -> cache.policy(ReclaimPolicy.LRU), IllegalArgumentException.class, "lru",
        "not keyed");
    assertThat(cache.circulation()).isEqualTo(2);
  }

  private static SlabCache.Builder<TestObject> builder() {
    return SlabCache.builder(Names.unique("bad"), TestObject::new);
  }

  @Test
  void badBuilderValues() {
    assertThatThrownBy(() -> builder().objectsPerSlab(0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> builder().objectsPerSlab(65537)).hasMessageContaining("65537");
    assertThatThrownBy(() -> builder().objectSize(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> builder().arenas(0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> builder().arenas(1025)).hasMessageContaining("1025");
    assertThatThrownBy(() -> builder().circulation(-2)).hasMessageContaining("-2");
    assertThatThrownBy(() -> builder().freeListSize(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> builder().memoryCapSlabs(0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> builder().memoryCapBytes(-5)).hasMessageContaining("-5");
    assertThatThrownBy(() -> builder().objectsPerSlab(4).circulation(5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 5");
    assertThatThrownBy(() -> builder().payload(Payload.HEAP).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HEAP")
        .hasMessageContaining("objectSize");
    assertThatThrownBy(() -> builder().memoryCapBytes(1000).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("objectSize");
    assertThatThrownBy(() -> builder().objectsPerSlab(65536).objectSize(65536)
        .payload(Payload.HEAP).build()).hasMessageContaining("4294967296");
    assertThatThrownBy(() -> SlabCache.builder("x", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("factory");
  }

  @Test
  void theDefaultsFitSlabsOfOneObject() {
    SlabCache<TestObject> tiny = builder().objectsPerSlab(1).build();
    assertThat(tiny.circulation()).isEqualTo(1);
    tiny.destroy();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "-leading-dash", "semi;colon",
      "name=value", "a2345678901234567890123456789012345678901234567890123456789012345"})
  void badNames(String name) {
    assertThatThrownBy(() -> SlabCache.builder(name, TestObject::new))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
  }

  @Test
  void aNullName() {
    assertThatThrownBy(() -> SlabCache.builder(null, TestObject::new))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
  }

  @Test
  void duplicateNames() {
    String name = Names.unique("dup");
    SlabCache<TestObject> first = SlabCache.builder(name, TestObject::new).build();
    assertThatThrownBy(() -> SlabCache.builder(name, TestObject::new).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
    assertThat(SlabCacheRegistry.find(name)).containsSame(first);
    first.destroy();
    SlabCache<TestObject> second = SlabCache.builder(name, TestObject::new).build();
    assertThat(SlabCacheRegistry.find(name)).containsSame(second);
    second.destroy();
  }

  @Test
  void factoriesThatBreakTheContract() {
    SlabCache<Object> notPooled = SlabCache.<Object>builder(Names.unique("np"), Object::new).build();
    assertThatThrownBy(notPooled::allocate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("java.lang.Object").hasMessageContaining("PooledObject");
    assertThat(notPooled.stats().totalSlabs()).isZero();
    TestObject shared = new TestObject();
    SlabCache<TestObject> same = SlabCache.builder(Names.unique("same"), () -> shared)
        .objectsPerSlab(2).build();
    assertThatThrownBy(same::allocate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already belongs to a slab");
    assertThat(same.stats().totalSlabs()).isZero();
    SlabCache<TestObject> nulls = SlabCache.<TestObject>builder(Names.unique("null"), () -> null)
        .build();
    assertThatThrownBy(nulls::allocate).hasMessageContaining("returned null");
    notPooled.destroy();
    same.destroy();
    nulls.destroy();
  }

  @Test
  void unknownPolicyNames() {
    assertThat(ReclaimPolicy.parse(" LRU ")).isEqualTo(ReclaimPolicy.LRU);
    assertThatThrownBy(() -> ReclaimPolicy.parse("fifo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fifo'").hasMessageContaining("slab, lru, caffeine, hot");
  }
}
