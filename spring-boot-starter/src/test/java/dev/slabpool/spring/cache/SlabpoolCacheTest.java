package dev.slabpool.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.KeyedCache;
import dev.slabpool.ReclaimPolicy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

/** The Spring {@link Cache} contract of {@link SlabpoolCache} over a real keyed cache. */
class SlabpoolCacheTest {
  private final SlabpoolCacheManager manager = new SlabpoolCacheManager(
      name -> new CacheSpec(64, 8, ReclaimPolicy.SLAB), true, List.of());
  private final SlabpoolCacheManager noNulls = new SlabpoolCacheManager(
      name -> CacheSpec.DEFAULT, false, List.of());

  @AfterEach
  void destroy() {
    manager.destroy();
    noNulls.destroy();
  }

  private SlabpoolCache cache(String name) {
    return (SlabpoolCache) manager.getCache(name);
  }

  @Test
  void getPutEvictAndClear() {
    SlabpoolCache c = cache("sc-basic");
    assertThat(c.getName()).isEqualTo("sc-basic");
    assertThat(c.get("a")).isNull();
    c.put("a", 1);
    assertThat(c.get("a").get()).isEqualTo(1);
    assertThat(c.get("a", Integer.class)).isEqualTo(1);
    assertThatThrownBy(() -> c.get("a", String.class)).isInstanceOf(IllegalStateException.class);
    c.put("a", 2);
    assertThat(c.get("a").get()).isEqualTo(2);
    c.evict("a");
    assertThat(c.get("a")).isNull();
    assertThat(c.evictIfPresent("a")).isFalse();
    c.put("b", 3);
    assertThat(c.evictIfPresent("b")).isTrue();
    c.put("c", 4);
    c.put("d", 5);
    c.clear();
    assertThat(c.get("c")).isNull();
    assertThat(c.getNativeCache().size()).isZero();
    assertThat(c.invalidate()).isFalse();
    c.put("e", 6);
    assertThat(c.invalidate()).isTrue();
    assertThat(c.getNativeCache().hitCount()).isEqualTo(4);
  }

  @Test
  void putIfAbsentKeepsThePresentValue() {
    SlabpoolCache c = cache("sc-pia");
    assertThat(c.putIfAbsent("k", "first")).isNull();
    assertThat(c.putIfAbsent("k", "second").get()).isEqualTo("first");
    assertThat(c.get("k").get()).isEqualTo("first");
    c.put("n", null);
    assertThat(c.putIfAbsent("n", "other").get()).as("a cached null is present").isNull();
  }

  @Test
  void nullsAreCachedAsAMarkerWhenAllowed() {
    SlabpoolCache c = cache("sc-null");
    c.put("k", null);
    Cache.ValueWrapper w = c.get("k");
    assertThat(w).isNotNull();
    assertThat(w.get()).isNull();
    assertThat(c.getNativeCache().getIfPresent("k")).isSameAs(NullValue.INSTANCE);
    AtomicInteger loads = new AtomicInteger();
    assertThat(c.get("k", () -> "loaded" + loads.incrementAndGet())).isNull();
    assertThat(loads).hasValue(0);
    assertThat(c.<String>get("loaded-null", () -> null)).isNull();
    assertThat(c.get("loaded-null")).isNotNull();
  }

  @Test
  void nullsAreRefusedWhenNotAllowed() {
    Cache c = noNulls.getCache("sc-nonull");
    assertThatThrownBy(() -> c.put("k", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sc-nonull");
    assertThat(c.get("k")).isNull();
  }

  @Test
  void getWithALoaderLoadsOnceAndWrapsItsFailure() {
    SlabpoolCache c = cache("sc-loader");
    AtomicInteger loads = new AtomicInteger();
    assertThat(c.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(c.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(loads).hasValue(1);
    assertThat(c.getNativeCache().missCount()).isEqualTo(1);
    assertThat(c.getNativeCache().hitCount()).isEqualTo(1);
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> c.get("bad", () -> {
      throw boom;
    })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(boom);
    assertThat(c.get("bad")).isNull();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a deadlock fails instead of hanging the build
  void concurrentLoadersOfOneKeyRunOneAtATime() throws Exception {
    SlabpoolCache c = cache("sc-race");
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Object> first = pool.submit(() -> c.get("k", () -> {
        loads.incrementAndGet();
        loading.countDown();
        release.await();
        return "first";
      }));
      loading.await();
      AtomicReference<Thread> second = new AtomicReference<>();
      Future<Object> other = pool.submit(() -> {
        second.set(Thread.currentThread());
        return c.get("k", () -> "second" + loads.incrementAndGet());
      });
      // The second caller missed and waits for the first's load, on its key's lock.
      while (second.get() == null || second.get().getState() != Thread.State.BLOCKED) {
        Thread.onSpinWait();
      }
      release.countDown();
      assertThat(first.get()).isEqualTo("first");
      assertThat(other.get()).isEqualTo("first");
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theManagerBuildsEachNameOnceAndDestroysItsCaches() {
    Cache a = manager.getCache("sc-once");
    assertThat(manager.getCache("sc-once")).isSameAs(a);
    assertThat(manager.getCacheNames()).contains("sc-once");
    KeyedCache<Object, Object> keyed = ((SlabpoolCache) a).getNativeCache();
    assertThat(keyed.memoryCap()).isEqualTo(8);
    assertThat(keyed.policy()).isEqualTo(ReclaimPolicy.SLAB);
    manager.destroy();
    assertThat(keyed.isDestroyed()).isTrue();
  }
}
