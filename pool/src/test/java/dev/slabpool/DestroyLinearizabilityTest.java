package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue 10: destroy() against lookups and holders, and objects of another cache. */
class DestroyLinearizabilityTest {

  @Test
  void aLookupAfterDestroyFailsAndAHeldEntryKeepsItsKeyAndValue() {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique("destroyed"))
        .objectsPerSlab(4).arenas(1).build();
    c.put(1, "one");
    c.put(2, "two");
    CacheEntry<Integer, String> held = c.lookup(1);
    c.destroy();

    assertThatThrownBy(() -> c.lookup(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    assertThatThrownBy(() -> c.lookup(3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    assertThat(held.key()).isEqualTo(1);
    assertThat(held.value()).isEqualTo("one");
  }

  @Test
  void everyKeyedOperationAfterDestroyFailsWhetherOrNotTheKeyWasThere() {
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder(Names.unique("after"))
        .objectsPerSlab(4).arenas(1).build();
    c.put(1, "one");
    c.destroy();

    for (int key : new int[] {1, 2}) {
      assertThatThrownBy(() -> c.getIfPresent(key)).as("getIfPresent(%d)", key)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
      assertThatThrownBy(() -> c.remove(key)).as("remove(%d)", key)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
      assertThatThrownBy(() -> c.put(key, "again")).as("put(%d)", key)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
      assertThatThrownBy(() -> c.asMap().remove(key, "one")).as("asMap().remove(%d, v)", key)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    }
  }

  @Test
  void destroyHandsAHeldObjectOverToItsHolder() {
    Recorder dtor = new Recorder();
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("handover"), TestObject::new)
        .objectsPerSlab(4).arenas(1).reclaimable(dtor).build();
    TestObject cached = c.allocate();
    c.release(cached);
    TestObject held = c.allocate();
    c.destroy();

    assertThat(dtor.destroyed).as("DESTROY ran on").contains(cached).doesNotContain(held);
    assertThat(c.refcount(held)).isEqualTo(2);
    c.release(held);
  }

  @Test
  void retainAfterDestroyFailsAndFreeAfterDestroyThrows() {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("retain"), TestObject::new)
        .objectsPerSlab(4).arenas(1).build();
    TestObject cached = c.allocate();
    c.release(cached);
    TestObject held = c.allocate();
    c.destroy();

    assertThat(c.retain(cached)).isFalse();
    assertThat(c.retain(held)).isFalse();
    assertThatThrownBy(() -> c.free(held)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
  }

  @Test
  void objectsOfAnotherCacheAreRejected() {
    SlabCache<TestObject> a = SlabCache.builder(Names.unique("a"), TestObject::new).build();
    SlabCache<TestObject> b = SlabCache.builder(Names.unique("b"), TestObject::new).build();
    TestObject ofB = b.allocate();
    TestObject never = new TestObject();

    assertThatThrownBy(() -> a.release(ofB)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.name());
    assertThatThrownBy(() -> a.retain(ofB)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.refcount(ofB)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.release(never)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.refcount(ofB)).isEqualTo(2);
    a.destroy();
    b.destroy();
  }

  @Test
  void aCappedCacheWithoutReclaimFindsObjectsFreedIntoAnotherThreadsCache() throws Exception {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("stranded"), TestObject::new)
        .objectsPerSlab(4).arenas(1).memoryCapSlabs(1).build();
    Thread other = new Thread(() -> {
      java.util.List<TestObject> held = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        held.add(c.allocate());
      }
      held.forEach(c::free);
    });
    other.start();
    other.join();

    TestObject o = c.allocate();
    assertThat(c.refcount(o)).isEqualTo(2);
    c.destroy();
  }

  @Test
  void aLoaderThatLooksUpItsOwnKeyIsRefused() {
    AtomicReference<KeyedCache<Integer, String>> self = new AtomicReference<>();
    self.set(KeyedCache.<Integer, String>builder(Names.unique("recursive"))
        .loader(k -> self.get().lookup(k).value()).build());
    assertThatThrownBy(() -> self.get().lookup(7)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load of key 7");
    KeyedCache<Integer, String> plain = KeyedCache.<Integer, String>builder(Names.unique("plain"))
        .loader(String::valueOf).build();
    // The refused load left nothing behind on this thread: key 7 loads normally elsewhere.
    assertThat(plain.getIfPresent(7)).isNull();
    CacheEntry<Integer, String> e = plain.lookup(7);
    assertThat(e.value()).isEqualTo("7");
    plain.release(e);
    plain.destroy();
    self.get().destroy();
  }

  @Test
  void aLoaderMayLookTheSameKeyUpInAnotherCache() {
    KeyedCache<Integer, String> l2 = KeyedCache.<Integer, String>builder(Names.unique("l2"))
        .loader(String::valueOf).build();
    KeyedCache<Integer, String> l1 = KeyedCache.<Integer, String>builder(Names.unique("l1"))
        .loader(k -> {
          CacheEntry<Integer, String> e = l2.lookup(k);
          String v = e.value();
          l2.release(e);
          return v;
        }).build();
    CacheEntry<Integer, String> e = l1.lookup(5);
    assertThat(e.value()).isEqualTo("5");
    l1.release(e);
    l1.destroy();
    l2.destroy();
  }
}
