package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keyed cache: lookups with references, put/remove/loader, and entries freed when held. */
class KeyedCacheTest {
  private final AtomicInteger loads = new AtomicInteger();
  private KeyedCache<Integer, String> cache;

  private KeyedCache<Integer, String> cache(KeyedCache.Builder<Integer, String> b) {
    cache = b.build();
    return cache;
  }

  private KeyedCache.Builder<Integer, String> builder() {
    return KeyedCache.<Integer, String>builder(Names.unique("keyed")).objectsPerSlab(4).arenas(1);
  }

  private KeyedCache<Integer, String> loading() {
    return cache(builder().recordStats().loader(k -> {
      loads.incrementAndGet();
      return k < 0 ? null : "v" + k;
    }));
  }

  @AfterEach
  void consistent() {
    if (cache != null && !cache.isDestroyed()) {
      KeyedInvariants.check(cache);
      cache.destroy();
    }
  }

  @Test
  void lookupTakesAReferenceAndReleaseDropsIt() {
    KeyedCache<Integer, String> c = loading();
    CacheEntry<Integer, String> e = c.lookup(1);
    assertThat(e.key()).isEqualTo(1);
    assertThat(e.value()).isEqualTo("v1");
    assertThat(Entries.refcount(e)).isEqualTo(2);
    KeyedInvariants.check(c, List.of(e));
    CacheEntry<Integer, String> again = c.lookup(1);
    assertThat(again).isSameAs(e);
    assertThat(Entries.refcount(e)).isEqualTo(3);
    c.release(again);
    c.release(e);
    assertThat(Entries.refcount(e)).isEqualTo(1);
    assertThat(loads).hasValue(1);
    assertThat(c.hitCount()).isEqualTo(1);
    assertThat(c.missCount()).isEqualTo(1);
    assertThatThrownBy(() -> c.release(e)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refcount 1");
  }

  @Test
  void getIfPresentCountsAndWarmsTheMapViewGetOnlyWarmsContainsKeyDoesNeither() {
    KeyedCache<Integer, String> c = cache(builder().recordStats());
    c.put(1, "one");
    c.put(2, "two");

    assertThat(c.getIfPresent(1)).isEqualTo("one");
    assertThat(c.getIfPresent(3)).isNull();
    assertThat(c.hitCount()).isEqualTo(1);
    assertThat(c.missCount()).isEqualTo(1);
    assertThat(c.slabMap().hot()).as("the hit made key 1 hot for the hot policy")
        .containsExactly(1);

    assertThat(c.asMap().get(2)).isEqualTo("two");
    assertThat(c.asMap().get(4)).isNull();
    assertThat(c.hitCount()).isEqualTo(1);
    assertThat(c.missCount()).isEqualTo(1);
    assertThat(c.slabMap().hot()).as("a map view read is an access all the same")
        .containsExactly(2);

    c.put(3, "three");
    assertThat(c.asMap().containsKey(3)).isTrue();
    assertThat(c.asMap().containsKey(5)).isFalse();
    assertThat(c.hitCount()).isEqualTo(1);
    assertThat(c.slabMap().hot()).as("containsKey touches nothing").containsExactly(2);
    KeyedInvariants.check(c, List.of());
  }

  @Test
  void aLoaderAnsweringNullMeansNoSuchKey() {
    KeyedCache<Integer, String> c = loading();
    assertThat(c.lookup(-1)).isNull();
    assertThat(c.size()).isZero();
    assertThat(c.store().stats().activeObjects()).isZero();
  }

  @Test
  void withoutLoaderAMissIsNull() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThat(c.lookup(1)).isNull();
    assertThat(c.hitCount()).isEqualTo(-1);
    c.put(1, "one");
    CacheEntry<Integer, String> e = c.lookup(1);
    assertThat(e.value()).isEqualTo("one");
    c.release(e);
  }

  @Test
  void putCountCountsEveryValueStoredButNotMovesOrRefusedWrites() {
    KeyedCache<Integer, String> c = loading();
    c.release(c.lookup(1)); // a load stores a value
    c.put(2, "two");
    c.put(2, "deux"); // a replacement stores another
    assertThat(c.asMap().putIfAbsent(3, "three")).isNull();
    assertThat(c.asMap().putIfAbsent(3, "trois")).isEqualTo("three"); // refused: not counted
    assertThat(c.asMap().replace(3, "drei")).isEqualTo("three");
    assertThat(c.asMap().replace(4, "vier")).isNull(); // absent: not counted
    c.remove(2);
    assertThat(c.putCount()).isEqualTo(5);
    c.resetStatistics();
    assertThat(c.putCount()).isZero();
  }

  @Test
  void aMoveIsNoPutAndACacheWithoutStatisticsCountsNone() {
    KeyedCache<Integer, String> c = cache(builder().recordStats());
    for (int k = 10; k < 18; k++) {
      c.put(k, "v" + k); // two full slabs of 4
    }
    for (int k : new int[] {10, 11, 14, 15}) {
      c.remove(k); // each slab half empty: compaction packs them into one
    }
    c.compact();
    assertThat(c.stats().moves().moved()).isEqualTo(2);
    assertThat(c.putCount()).isEqualTo(8);
    KeyedCache<Integer, String> plain = KeyedCache.<Integer, String>builder(Names.unique("keyed"))
        .build();
    try {
      plain.put(1, "one");
      assertThat(plain.putCount()).isEqualTo(-1);
    } finally {
      plain.destroy();
    }
  }

  @Test
  void putReplacesAndRemoveRemoves() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThat(c.put(1, "a")).isNull();
    assertThat(c.put(1, "b")).isEqualTo("a");
    assertThat(c.getIfPresent(1)).isEqualTo("b");
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.store().stats().activeObjects()).isEqualTo(1);
    assertThat(c.remove(1)).isEqualTo("b");
    assertThat(c.remove(1)).isNull();
    assertThat(c.getIfPresent(1)).isNull();
    assertThat(c.store().stats().activeObjects()).isZero();
  }

  @Test
  void anEntryRemovedWhileHeldIsFreedAtItsLastRelease() {
    KeyedCache<Integer, String> c = cache(builder());
    c.put(1, "a");
    CacheEntry<Integer, String> e1 = c.lookup(1);
    CacheEntry<Integer, String> e2 = c.lookup(1);

    assertThat(c.remove(1)).isEqualTo("a");

    assertThat(c.getIfPresent(1)).isNull();
    assertThat(e1.value()).isEqualTo("a"); // still usable by its holders
    assertThat(c.store().stats().activeObjects()).isEqualTo(1);
    KeyedInvariants.check(c, List.of(e1, e2));
    c.release(e1);
    assertThat(c.store().stats().activeObjects()).isEqualTo(1);
    assertThat(e2.value()).isEqualTo("a");
    c.release(e2);
    assertThat(c.store().stats().activeObjects()).isZero();
    assertThat(Entries.refcount(e2)).isZero();
  }

  @Test
  void anEntryReplacedWhileHeldIsFreedAtItsLastRelease() {
    KeyedCache<Integer, String> c = cache(builder());
    c.put(1, "a");
    CacheEntry<Integer, String> old = c.lookup(1);
    c.put(1, "b");
    assertThat(old.value()).isEqualTo("a");
    CacheEntry<Integer, String> fresh = c.lookup(1);
    assertThat(fresh).isNotSameAs(old);
    assertThat(fresh.value()).isEqualTo("b");
    KeyedInvariants.check(c, List.of(old, fresh));
    c.release(old);
    c.release(fresh);
    assertThat(c.store().stats().activeObjects()).isEqualTo(1);
  }

  @Test
  void aFreedSlotIsReusedForAnotherKey() {
    KeyedCache<Integer, String> c = cache(builder());
    c.put(1, "a");
    CacheEntry<Integer, String> e = c.lookup(1);
    c.release(e);
    c.remove(1);
    c.put(2, "b");
    CacheEntry<Integer, String> e2 = c.lookup(2);
    assertThat(e2).isSameAs(e); // the same slot, now another key's
    assertThat(e2.key()).isEqualTo(2);
    c.release(e2);
    assertThat(c.lookup(1)).isNull();
  }

  /**
   * A key that can stop one thread once inside {@code hashCode()} or {@code equals()}, when a
   * condition holds: the way into the middle of the index operations of the tests below.
   */
  private static final class Key {
    final int id;
    private volatile Thread stopIn;
    private volatile String stopAt;
    private volatile BooleanSupplier when;
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private volatile CountDownLatch go = new CountDownLatch(1);

    Key(int id) {
      this.id = id;
    }

    /** Arms the stop: the next call of {@code method} by {@code thread} while {@code when}. */
    void stop(Thread thread, String method, BooleanSupplier when) {
      stopped = new CountDownLatch(1);
      go = new CountDownLatch(1);
      this.when = when;
      this.stopAt = method;
      this.stopIn = thread;
    }

    void awaitStopped() throws InterruptedException {
      assertThat(stopped.await(30, TimeUnit.SECONDS)).as("stopped in " + stopAt).isTrue();
    }

    void resume() {
      go.countDown();
    }

    private void maybeStop(String method) {
      if (Thread.currentThread() == stopIn && method.equals(stopAt) && when.getAsBoolean()) {
        stopIn = null;
        stopped.countDown();
        try {
          go.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public int hashCode() {
      maybeStop("hashCode");
      return id;
    }

    @Override
    public boolean equals(Object o) {
      maybeStop("equals");
      return o instanceof Key k && k.id == id;
    }
  }

  /** A thread (not started) that completes {@code result} with what {@code body} returns or throws. */
  private static <T> Thread thread(CompletableFuture<T> result, Supplier<T> body) {
    return new Thread(() -> {
      try {
        result.complete(body.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
  }

  @Test
  void aLateRemoverNeverFreesTheSlotOnceItHoldsAnotherKey() throws Exception {
    KeyedCache<Key, String> c = KeyedCache.<Key, String>builder(Names.unique("late"))
        .objectsPerSlab(2).arenas(1).policy(ReclaimPolicy.CAFFEINE).build();
    Key k1 = new Key(1);
    Key k2 = new Key(2);
    c.put(k1, "a");
    CacheEntry<Key, String> held = c.lookup(k1);
    // The remover stops after unlinking key 1's entry, before its attempt to free it (in the
    // policy's bookkeeping, which hashes the key).
    CompletableFuture<String> removed = new CompletableFuture<>();
    Thread remover = thread(removed, () -> c.remove(k1));
    k1.stop(remover, "hashCode", () -> !Entries.linked(held));
    remover.start();
    k1.awaitStopped();

    c.release(held); // the last holder frees the entry...
    c.put(k2, "b"); // ...and its slot goes to key 2
    assertThat(c.index.get(k2)).isSameAs(held);
    k1.resume(); // the remover's late attempt must leave key 2's entry alone

    assertThat(removed.get(30, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(c.getIfPresent(k2)).isEqualTo("b");
    KeyedInvariants.check(c);
    c.destroy();
  }

  @Test
  void aStaleLookupNeverReturnsAnEntryThatIsNotInTheIndex() throws Exception {
    KeyedCache<Key, String> c = KeyedCache.<Key, String>builder(Names.unique("stale"))
        .objectsPerSlab(4).arenas(1).build();
    Key k = new Key(1);
    Key sameKey = new Key(1); // equal, not identical: the index compares with equals()
    c.put(k, "a");
    CacheEntry<Key, String> first = c.index.get(k);
    // A lookup stops inside the index, having found key 1's node: it will read entry "a".
    CompletableFuture<CacheEntry<Key, String>> lookup = new CompletableFuture<>();
    Thread reader = thread(lookup, () -> c.lookup(sameKey));
    sameKey.stop(reader, "equals", () -> true);
    reader.start();
    sameKey.awaitStopped();
    c.remove(k); // entry "a" is freed...
    // ...and a replace of the now absent key allocates its new entry in the same slot, then
    // finds the key absent and discards it. It stops in between, while the entry holds key 1.
    CompletableFuture<String> replace = new CompletableFuture<>();
    Thread replacer = thread(replace, () -> c.asMap().replace(k, "never"));
    k.stop(replacer, "hashCode", () -> true);
    replacer.start();
    k.awaitStopped();
    sameKey.resume(); // the stale lookup takes a reference on that entry
    // It must not return it: key 1 was absent all along, and the entry is about to be freed.
    for (int i = 0; i < 3000 && reader.getState() != Thread.State.TERMINATED
        && !(Entries.refcount(first) == 3); i++) {
      Thread.yield();
    }
    k.resume();

    assertThat(replace.get(30, TimeUnit.SECONDS)).isNull();
    CacheEntry<Key, String> found = lookup.get(30, TimeUnit.SECONDS);
    assertThat(found).as("lookup of an absent key returned %s", found).isNull();
    KeyedInvariants.check(c);
    c.destroy();
  }

  @Test
  void loaderExceptionsReachTheCallerAndLeaveNothingBehind() {
    KeyedCache<Integer, String> c = cache(builder().loader(k -> {
      throw new IllegalArgumentException("no key " + k);
    }));
    assertThatThrownBy(() -> c.lookup(5)).hasMessage("no key 5");
    assertThat(c.store().stats().activeObjects()).isZero();
  }

  @Test
  void nullKeysAndValuesAreRejected() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThatThrownBy(() -> c.lookup(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> c.put(1, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    assertThat(c.size()).isZero();
  }

  @Test
  void releaseAfterDestroyDoesNotThrowAndLookupsFailClearly() {
    KeyedCache<Integer, String> c = loading();
    CacheEntry<Integer, String> held = c.lookup(1);
    c.remove(1);
    c.destroy();
    c.release(held); // the holder's last release, after destroy: nothing left to free
    assertThatThrownBy(() -> c.lookup(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(c.name()).hasMessageContaining("destroyed");
    assertThat(SlabCacheRegistry.find(c.name())).isEmpty();
  }

  @Test
  void aLookupFindingAnEntryLeftInTheIndexOfADestroyedCacheFailsInsteadOfSpinning() {
    KeyedCache<Integer, String> c = cache(builder());
    c.put(1, "a");
    KeyedEntry<Integer, String> stale = c.index.get(1);
    c.destroy();
    // What a put racing destroy() can leave behind: an index entry that will never be valid.
    c.index.put(1, stale);
    assertThatThrownBy(() -> c.lookup(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    assertThatThrownBy(() -> c.getIfPresent(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void theDefaultPolicyIsTheHotAwareSlabOrder() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThat(c.policy()).isEqualTo(ReclaimPolicy.HOT);
    assertThat(c.stats().policy()).isEqualTo(ReclaimPolicy.HOT);
  }

  @Test
  void policiesSwitchAtRunTime() {
    KeyedCache<Integer, String> c = cache(builder().policy(ReclaimPolicy.LRU));
    assertThat(c.policy()).isEqualTo(ReclaimPolicy.LRU);
    for (ReclaimPolicy p : new ReclaimPolicy[] {
        ReclaimPolicy.CAFFEINE, ReclaimPolicy.SLAB, ReclaimPolicy.LRU}) {
      c.put(p.ordinal(), p.id());
      c.policy(p);
      assertThat(c.policy()).isEqualTo(p);
      assertThat(c.stats().policy()).isEqualTo(p);
      assertThat(c.toString()).contains(p.id());
    }
    assertThatThrownBy(() -> c.policy(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void misuseNamesTheBadValue() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThatThrownBy(() -> c.reclaim(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> c.memoryCap(0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> KeyedCache.builder("x y")).hasMessageContaining("'x y'");
    assertThatThrownBy(() -> builder().objectSize(0)).hasMessageContaining(": 0");
    String name = Names.unique("taken");
    KeyedCache<Integer, String> first = KeyedCache.<Integer, String>builder(name).build();
    assertThatThrownBy(() -> KeyedCache.builder(name).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
    first.destroy();
    c.policy(ReclaimPolicy.LRU);
    c.destroy();
    assertThatThrownBy(() -> c.reclaim(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void registersItselfAndNotItsStore() {
    KeyedCache<Integer, String> c = cache(builder());
    assertThat(SlabCacheRegistry.find(c.name())).containsSame(c);
    assertThat(c.isKeyed()).isTrue();
    assertThat(c.isReclaimable()).isTrue();
  }

  @Test
  void atTheMemoryCapTheSlabPolicyFreesAWholeSlabByReclaim() {
    List<ReclaimResult> heard = new CopyOnWriteArrayList<>();
    SlabCacheRegistry.Listener l = new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        heard.add(r);
      }
    };
    KeyedCache<Integer, String> c = cache(builder().memoryCapSlabs(2).circulation(0)
        .policy(ReclaimPolicy.SLAB).loader(k -> "v" + k));
    SlabCacheRegistry.addListener(l);
    try {
      for (int k = 0; k < 8; k++) {
        c.release(c.lookup(k));
      }
      c.release(c.lookup(8));
      assertThat(heard).filteredOn(r -> r.cache().equals(c.name())).singleElement()
          .satisfies(r -> {
            assertThat(r.cause()).isEqualTo(ReclaimResult.Cause.MEMORY_CAP);
            assertThat(r.policy()).isEqualTo(ReclaimPolicy.SLAB);
            assertThat(r.slabsFreed()).isEqualTo(1);
            assertThat(r.objectsFreed()).isEqualTo(4);
          });
      // The oldest slab's keys went together; the other slab is intact.
      assertThat(c.asMap().keySet()).containsExactlyInAnyOrder(4, 5, 6, 7, 8);
    } finally {
      SlabCacheRegistry.removeListener(l);
    }
  }

  @Test
  void aPutThatFindsNoRoomSaysWhyWhenUnusedEntriesExist() {
    KeyedCache<Integer, String> c = cache(builder().memoryCapSlabs(2).circulation(0)
        .policy(ReclaimPolicy.SLAB).loader(k -> "v" + k));
    List<CacheEntry<Integer, String>> held = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      CacheEntry<Integer, String> e = c.lookup(k);
      if (k % 4 == 0) {
        held.add(e); // one entry in use per slab
      } else {
        c.release(e);
      }
    }
    assertThatThrownBy(() -> c.put(8, "v8")).isInstanceOf(SlabCacheFullException.class)
        .hasMessageContaining("6 objects are cached and unused")
        .hasMessageContaining("circulation 0");
    assertThat(c.asMap()).hasSize(8);
    held.forEach(c::release);
  }
}
