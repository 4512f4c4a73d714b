package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slabpool.testkit.ChildJvm;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Payload blocks: one contiguous block per slab, heap or direct; direct ones released early. */
class PayloadTest {
  private static final int N = 8;
  private static final int SIZE = 4096;
  private static final boolean FOREIGN_ARENAS = Runtime.version().feature() >= 22;

  private static SlabCache<TestObject> cache(Payload payload) {
    return SlabCache.builder(Names.unique("payload"), TestObject::new).objectsPerSlab(N)
        .objectSize(SIZE).payload(payload).arenas(1).freeListSize(0)
        .reclaimable((o, mode) -> true).build();
  }

  /** Allocates one slab's worth of objects, held. */
  private static List<TestObject> fillSlab(SlabCache<TestObject> c) {
    List<TestObject> slab = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      slab.add(c.allocate());
    }
    return slab;
  }

  private static long directPoolUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow().getMemoryUsed();
  }

  @Test
  void heapPayloadsAreDisjointSlicesOfOneBlock() {
    SlabCache<TestObject> c = cache(Payload.HEAP);
    List<TestObject> objects = fillSlab(c);
    ByteBuffer first = c.payload(objects.get(0));
    assertThat(first.isDirect()).isFalse();
    assertThat(first.hasArray()).isTrue();
    byte[] block = first.array();
    IdentityHashMap<byte[], Boolean> blocks = new IdentityHashMap<>();
    for (int i = 0; i < N; i++) {
      ByteBuffer p = c.payload(objects.get(i));
      assertThat(p.position()).isZero();
      assertThat(p.capacity()).isEqualTo(SIZE);
      assertThat(p.arrayOffset()).isEqualTo(i * SIZE);
      blocks.put(p.array(), true);
      p.putInt(0, i + 1);
    }
    assertThat(blocks).hasSize(1);
    assertThat(block).hasSize(N * SIZE);
    for (int i = 0; i < N; i++) {
      assertThat(c.payload(objects.get(i)).getInt(0)).isEqualTo(i + 1);
    }
    c.destroy();
  }

  @Test
  void aCacheWithoutPayloadSaysSo() {
    SlabCache<TestObject> c = SlabCache.builder(Names.unique("nopayload"), TestObject::new).build();
    TestObject o = c.allocate();
    assertThatThrownBy(() -> c.payload(o)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(c.name()).hasMessageContaining("no payload");
    c.destroy();
  }

  @Test
  void directPayloadsAreDirect() {
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    TestObject a = c.allocate();
    TestObject b = c.allocate();
    assertThat(c.payload(a).isDirect()).isTrue();
    c.payload(a).putLong(0, 7);
    c.payload(b).putLong(0, 9);
    assertThat(c.payload(a).getLong(0)).isEqualTo(7);
    assertThat(c.payload(b).getLong(0)).isEqualTo(9);
    assertThat(c.payload(a).capacity()).isEqualTo(SIZE);
    c.destroy();
  }

  @Test
  void onJdk17ABufferKeptPastReclaimKeepsItsBlockAliveUntilDropped() {
    assumeTrue(!FOREIGN_ARENAS, "JDK " + Runtime.version().feature()
        + " uses java.lang.foreign arenas; see the JDK 22+ test");
    assertThat(DirectMemory.strategyName(Payload.DIRECT)).isEqualTo("gc");
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    List<TestObject> slab = fillSlab(c);
    WeakReference<ByteBuffer> block =
        new WeakReference<>(((Slot) slab.get(0).slabpoolSlot()).slab.direct.buffer());
    ByteBuffer[] kept = {c.payload(slab.get(0))};
    slab.forEach(c::release);
    slab.clear();
    assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1);

    // Misuse that once aborted the JVM: the block stays under the stale buffer.
    assertThat(Gc.until(() -> block.get() == null)).as("block freed under a stale buffer")
        .isFalse();
    kept[0].putInt(0, 42);
    assertThat(kept[0].getInt(0)).isEqualTo(42);

    kept[0] = null;
    assertThat(Gc.until(() -> block.get() == null))
        .as("block left to the GC once no buffer points into it").isTrue();
    c.destroy();
  }

  @Test
  void onJdk17APromptCacheReleasesTheBlockWhenItsSlabIsFreed() {
    assumeTrue(!FOREIGN_ARENAS, "JDK " + Runtime.version().feature()
        + " uses java.lang.foreign arenas, prompt and safe for every direct cache");
    assertThat(DirectMemory.strategyName(Payload.DIRECT_PROMPT)).isEqualTo("cleaner");
    SlabCache<TestObject> c = cache(Payload.DIRECT_PROMPT);
    long before = directPoolUsed();
    List<TestObject> slab = fillSlab(c);
    assertThat(directPoolUsed() - before).isGreaterThanOrEqualTo(N * SIZE);
    slab.forEach(c::release);
    long held = directPoolUsed();

    assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1);

    // No GC ran in between: the memory went back with the slab.
    assertThat(held - directPoolUsed()).isGreaterThanOrEqualTo(N * SIZE);
    c.destroy();
  }

  @Test
  void staleBuffersWrittenWhileSlabsAreReclaimedAndTheCacheDestroyedDoNotHarmTheJvm() {
    try (ChildJvm child = ChildJvm.java(StalePayloadChurn.class.getName()).jvmArgs("-Xmx256m")
        .args(Payload.DIRECT.name()).name("stale-payload-churn").start()) {
      int exit = child.awaitExit(ChildJvm.patience());
      String out = String.join("\n", child.output());
      assertThat(exit).as(out).isZero();
      assertThat(out).containsPattern("survived [1-9][0-9]* writes to stale DIRECT buffers; "
          + "[1-9][0-9]* slabs reclaimed");
    }
  }

  @Test
  void onJdk22AndLaterAPayloadUsedAfterItsSlabIsFreedThrows() {
    assumeTrue(FOREIGN_ARENAS, "JDK " + Runtime.version().feature()
        + " has no java.lang.foreign arenas; see the JDK 17 test");
    assertThat(DirectMemory.strategyName(Payload.DIRECT)).isEqualTo("arena");
    assertThat(DirectMemory.strategyName(Payload.DIRECT_PROMPT)).isEqualTo("arena");
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    long poolBefore = directPoolUsed();
    TestObject o = c.allocate();
    ByteBuffer kept = c.payload(o);
    kept.putInt(0, 42);
    // What really happens: arena memory is not counted in the "direct" buffer pool.
    assertThat(directPoolUsed()).isEqualTo(poolBefore);
    c.release(o);

    assertThat(c.reclaim(1).slabsFreed()).isEqualTo(1);

    assertThatThrownBy(() -> kept.getInt(0)).isInstanceOf(IllegalStateException.class);
    c.destroy();
  }

  @Test
  void aSlabStillInUseAtDestroyKeepsItsPayloadReadable() {
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    TestObject o = c.allocate();
    c.payload(o).putInt(0, 42);
    c.destroy();
    assertThat(c.payload(o).getInt(0)).isEqualTo(42);
  }

  @Test
  void aDirectBlockNeverReleasedIsFreedOnceUnreachable() {
    BooleanSupplier freed = FOREIGN_ARENAS ? arenaClosed() : directPoolShrank();
    assertThat(Gc.until(freed)).as("direct block of a dropped cache freed after GC").isTrue();
  }

  /** Drops a cache (never destroyed) whose slab is in use; watches its arena's scope. */
  private static BooleanSupplier arenaClosed() {
    Object scope = scopeOfPayloadOfDroppedCache();
    try {
      Method isAlive = Class.forName("java.lang.foreign.MemorySegment$Scope").getMethod("isAlive");
      return () -> {
        try {
          return !(Boolean) isAlive.invoke(scope);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      };
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object scopeOfPayloadOfDroppedCache() {
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    ByteBuffer payload = c.payload(c.allocate());
    try {
      Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
      Object s = segment.getMethod("ofBuffer", Buffer.class).invoke(null, payload);
      return segment.getMethod("scope").invoke(s);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static BooleanSupplier directPoolShrank() {
    long before = directPoolUsed();
    dropDirectCache();
    long held = directPoolUsed();
    assertThat(held - before).isGreaterThanOrEqualTo(N * SIZE);
    return () -> directPoolUsed() <= held - N * SIZE;
  }

  private static void dropDirectCache() {
    SlabCache<TestObject> c = cache(Payload.DIRECT);
    c.payload(c.allocate()).putInt(0, 1);
  }
}
