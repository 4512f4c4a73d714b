package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.testkit.ChildJvm;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link PayloadCache}: its APIs, size classes, shared cap, compaction, and bad input. */
class PayloadCacheTest {
  /** Slabs of 1 KiB and a factor of 2: classes of 64, 128, 256, 512 and 1024 bytes. */
  private static final int SLAB = 1024;
  private static final int[] SLOTS = {64, 128, 256, 512, 1024};

  private static PayloadCache.Builder<String, byte[]> bytes(Payload payload) {
    return PayloadCache.<String, byte[]>builder(Names.unique("pc"), ValueCodec.bytes())
        .payload(payload).slabSize(SLAB).growthFactor(2).arenas(1).registered(false);
  }

  private static PayloadCache<String, byte[]> small() {
    return bytes(Payload.HEAP).build();
  }

  /** {@code length} bytes, each {@code seed + i}. */
  private static byte[] value(int length, int seed) {
    byte[] v = new byte[length];
    for (int i = 0; i < length; i++) {
      v[i] = (byte) (seed + i);
    }
    return v;
  }

  private static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes);
  }

  // ---- round trips ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Payload.class, names = {"HEAP", "DIRECT"})
  void aValuePutThroughTheCodecComesBackThroughEveryRead(Payload payload) {
    PayloadCache<String, byte[]> c = bytes(payload).build();
    byte[] v = value(100, 7);
    c.put("k", v);

    assertThat(c.get("k")).isEqualTo(v).isNotSameAs(v);
    ByteBuffer dst = ByteBuffer.allocate(200).position(3);
    assertThat(c.get("k", dst)).isEqualTo(100);
    assertThat(dst.position()).isEqualTo(103);
    assertThat(Arrays.copyOfRange(dst.array(), 3, 103)).isEqualTo(v);
    CacheEntry<String, ByteBuffer> e = c.lookup("k");
    try {
      assertThat(e.key()).isEqualTo("k");
      ByteBuffer view = e.value();
      assertThat(view.isReadOnly()).isTrue();
      assertThat(view.isDirect()).isEqualTo(payload == Payload.DIRECT);
      assertThat(view.remaining()).isEqualTo(100);
      byte[] read = new byte[100];
      view.duplicate().get(read);
      assertThat(read).isEqualTo(v);
    } finally {
      c.release(e);
    }
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aByteBufferPutStoresTheBytesRemainingAndLeavesItsPositionAlone() {
    PayloadCache<String, byte[]> c = small();
    byte[] backing = value(50, 1);
    ByteBuffer src = buffer(backing).position(10).limit(40);
    c.put("k", src);

    assertThat(src.position()).isEqualTo(10);
    assertThat(src.limit()).isEqualTo(40);
    assertThat(c.get("k")).isEqualTo(Arrays.copyOfRange(backing, 10, 40));
    assertThat(c.classStats().get(0).requestedBytes()).isEqualTo(30);
    c.put("empty", ByteBuffer.allocate(0));
    assertThat(c.get("empty")).isEmpty();
    assertThat(c.get("empty", ByteBuffer.allocate(0))).isZero();
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aLookupViewIsTheSlotsBytesNotACopy() {
    PayloadCache<String, byte[]> c = small();
    c.put("k", value(10, 0));
    CacheEntry<String, ByteBuffer> e = c.lookup("k");
    ByteBuffer view = e.value();
    PayloadEntry<?> slot = (PayloadEntry<?>) e;
    slot.block().put(slot.offset() + 4, (byte) 99); // behind the view's back, into the slot

    assertThat(view.get(4)).isEqualTo((byte) 99);
    assertThat(c.get("k")[4]).isEqualTo((byte) 99);
    assertThat(e.value().get(4)).isEqualTo((byte) 99);
    assertThatThrownBy(() -> view.put(0, (byte) 1))
        .isInstanceOf(java.nio.ReadOnlyBufferException.class);
    c.release(e);
    assertThat(slot.slabpoolRefcount()).isEqualTo(1); // the index's alone
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aMissIsMinusOneOrNullAndLeavesDstAlone() {
    PayloadCache<String, byte[]> c = small();
    ByteBuffer dst = ByteBuffer.allocate(8).position(2);
    assertThat(c.get("absent", dst)).isEqualTo(-1);
    assertThat(dst.position()).isEqualTo(2);
    assertThat(c.get("absent")).isNull();
    assertThat(c.lookup("absent")).isNull();
    assertThat(c.remove("absent")).isFalse();
    c.destroy();
  }

  @Test
  void aReplacedValueMovesItsKeyToTheClassItNowFits() {
    PayloadCache<String, byte[]> c = small();
    c.put("k", value(10, 1));
    assertThat(activeObjects(c)).containsExactly(1, 0, 0, 0, 0);

    byte[] larger = value(300, 2);
    c.put("k", larger);

    assertThat(activeObjects(c)).containsExactly(0, 0, 0, 1, 0);
    assertThat(PayloadChecks.requested(c)).containsExactly(0, 0, 0, 300, 0);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.get("k")).isEqualTo(larger);
    c.put("k", buffer(value(64, 3)));
    assertThat(activeObjects(c)).containsExactly(1, 0, 0, 0, 0);
    assertThat(c.get("k")).isEqualTo(value(64, 3));
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aPutOrARemoveLeavesItsThreadsReusableSwapHoldingNothing() {
    PayloadCache<String, byte[]> c = small();
    c.put("a", value(40, 1));
    c.put("a", buffer(value(40, 2)));
    c.remove("a");
    PayloadCache.Swap<?, ?> swap = PayloadCache.Swap.REUSABLE.get();
    // Nothing of the cache stays reachable from the thread once the put or remove returned.
    assertThat(swap.cache).isNull();
    assertThat(swap.fresh).isNull();
    assertThat(swap.old).isNull();
    assertThat(swap.previous).isNull();
    c.destroy();
  }

  @Test
  void removeFreesTheSlotAndItsRequestedBytes() {
    PayloadCache<String, byte[]> c = small();
    c.put("a", value(20, 1));
    c.put("b", value(30, 2));

    assertThat(c.remove("a")).isTrue();

    assertThat(c.remove("a")).isFalse();
    assertThat(c.get("a")).isNull();
    assertThat(c.get("b")).isEqualTo(value(30, 2));
    assertThat(c.size()).isEqualTo(1);
    assertThat(activeObjects(c)[0]).isEqualTo(1);
    assertThat(PayloadChecks.requested(c)[0]).isEqualTo(30);
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aRemovedEntryStillHeldStaysReadableUntilReleased() {
    PayloadCache<String, byte[]> c = small();
    c.put("k", value(16, 5));
    CacheEntry<String, ByteBuffer> e = c.lookup("k");
    c.remove("k");
    c.put("other", value(16, 6)); // must not get the held entry's slot

    byte[] read = new byte[16];
    e.value().get(read);
    assertThat(read).isEqualTo(value(16, 5));
    assertThat(activeObjects(c)[0]).isEqualTo(2);
    c.release(e);
    assertThat(activeObjects(c)[0]).isEqualTo(1);
    PayloadChecks.check(c);
    c.destroy();
  }

  // ---- size classes --------------------------------------------------------------------------

  @Test
  void slotSizesGrowByTheFactorFromTheSmallestSlotToTheSlab() {
    PayloadCache<String, byte[]> c = small();
    assertThat(slotSizes(c)).containsExactly(SLOTS);
    assertThat(c.largestValue()).isEqualTo(SLAB);
    assertThat(c.classStats()).extracting(SlabCacheStats::objectsPerSlab)
        .containsExactly(16, 8, 4, 2, 1);
    assertThat(c.sizeClasses()).extracting(ManagedCache::name)
        .containsExactly(IntStream.of(SLOTS).mapToObj(s -> c.name() + "." + s)
            .toArray(String[]::new));
    c.destroy();

    PayloadCache<String, byte[]> d = PayloadCache.<String, byte[]>builder(Names.unique("pc"),
        ValueCodec.bytes()).registered(false).build(); // the defaults: 64 bytes, 1.25, 1 MiB
    int[] sizes = slotSizes(d);
    assertThat(sizes[0]).isEqualTo(64);
    assertThat(sizes[sizes.length - 1]).isEqualTo(1 << 20);
    for (int i = 1; i < sizes.length - 1; i++) {
      assertThat(sizes[i] % 8).isZero();
      assertThat((double) sizes[i]).as("slot %d", i)
          .isGreaterThanOrEqualTo(sizes[i - 1] * 1.25).isLessThan(sizes[i - 1] * 1.25 + 8);
    }
    assertThat(sizes[sizes.length - 1]).isGreaterThan(sizes[sizes.length - 2])
        .isLessThanOrEqualTo((int) (sizes[sizes.length - 2] * 1.25) + 8);
    d.destroy();
  }

  @Test
  void aValueGoesToTheSmallestClassThatFitsIt() {
    PayloadCache<String, byte[]> c = small();
    int[][] lengthAndClass = {{0, 0}, {1, 0}, {64, 0}, {65, 1}, {128, 1}, {129, 2}, {512, 3},
        {513, 4}, {1024, 4}};
    for (int[] lc : lengthAndClass) {
      String key = "len" + lc[0];
      c.put(key, value(lc[0], lc[0]));
      assertThat(PayloadChecks.classes(c).indexOf(c.index.get(key).owner)).as(key)
          .isEqualTo(lc[1]);
    }
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void requestedAndHeldBytesPerClassAfterAKnownSequence() {
    PayloadCache<String, byte[]> c = small();
    c.put("a", value(10, 1));    // class 64
    c.put("b", value(64, 2));    // class 64
    c.put("c", value(65, 3));    // class 128
    c.put("d", value(1000, 4));  // class 1024
    c.put("a", value(200, 5));   // 64 -> 256
    c.remove("b");
    c.put("e", buffer(value(3, 6))); // class 64

    assertThat(PayloadChecks.requested(c)).containsExactly(3, 65, 200, 0, 1000);
    List<SlabCacheStats> st = c.classStats();
    assertThat(st).extracting(SlabCacheStats::activeObjects).containsExactly(1L, 1L, 1L, 0L, 1L);
    for (SlabCacheStats s : st) {
      assertThat(s.bytesHeld()).as(s.name()).isEqualTo(s.totalSlabs() * SLAB);
    }
    assertThat(st).extracting(SlabCacheStats::totalSlabs).containsExactly(1L, 1L, 1L, 0L, 1L);
    assertThat(c.bytesHeld()).isEqualTo(4L * SLAB);
    PayloadChecks.check(c);
    c.destroy();
  }

  // ---- the shared cap ------------------------------------------------------------------------

  @Test
  void aClassNeedingASlabAtTheCapTakesOneFromAnotherClass() {
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).memoryCapBytes(4L * SLAB).build();
    assertThat(c.memoryCapBytes()).isEqualTo(4L * SLAB);
    for (int i = 0; i < 64; i++) {
      c.put("s" + i, value(60, i)); // four full slabs of the 64-byte class: at the cap
    }
    assertThat(c.bytesHeld()).isEqualTo(4L * SLAB);
    assertThat(c.rebalances()).isZero();

    c.put("big", value(1000, 9));

    assertThat(c.rebalances()).isEqualTo(1);
    assertThat(c.get("big")).isEqualTo(value(1000, 9));
    assertThat(c.classStats()).extracting(SlabCacheStats::totalSlabs)
        .containsExactly(3L, 0L, 0L, 0L, 1L);
    assertThat(c.size()).isEqualTo(48 + 1); // the slab given up took its 16 values with it
    assertThat(c.bytesHeld()).isLessThanOrEqualTo(c.memoryCapBytes());
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void aFreeSlabOfAnotherClassIsTakenBeforeAnyValueIsEvicted() {
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).memoryCapBytes(2L * SLAB).build();
    for (int i = 0; i < 32; i++) {
      c.put("s" + i, value(60, i));
    }
    for (int i = 16; i < 32; i++) {
      c.remove("s" + i); // one slab of the 64-byte class is now free, still held
    }
    assertThat(c.bytesHeld()).isEqualTo(2L * SLAB);

    c.put("big", value(1000, 9));

    assertThat(c.size()).isEqualTo(17); // nothing evicted
    assertThat(c.rebalances()).isZero(); // a free slab shrunk is no rebalance
    assertThat(c.bytesHeld()).isEqualTo(2L * SLAB);
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void whenTheLeastWorthClassCanFreeNoSlabTheNextLeastWorthGivesOne() {
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).memoryCapBytes(2L * SLAB).build();
    List<CacheEntry<String, ByteBuffer>> held = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      c.put("held" + i, value(120, i)); // one slab of the 128-byte class, every slot held below
      held.add(c.lookup("held" + i)); // one hit each: worth 8 per slab
    }
    for (int i = 0; i < 16; i++) {
      c.put("warm" + i, value(60, i)); // one slab of the 64-byte class: at the cap
      for (int hit = 0; hit < 4; hit++) {
        assertThat(c.get("warm" + i)).isNotNull(); // hits up to the highest heat: worth >= 16
      }
    }
    assertThat(c.bytesHeld()).isEqualTo(2L * SLAB);

    c.put("big", value(1000, 9)); // the 1024-byte class needs a slab

    assertThat(c.rebalances()).isEqualTo(1);
    assertThat(c.classStats()).extracting(SlabCacheStats::totalSlabs)
        .containsExactly(0L, 1L, 0L, 0L, 1L);
    assertThat(c.get("big")).isEqualTo(value(1000, 9));
    for (int i = 0; i < 8; i++) {
      assertThat(c.get("held" + i)).isEqualTo(value(120, i));
    }
    held.forEach(c::release);
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void smallValuesThenLargeOnesLeaveMostSlabsWithTheLargeClass() {
    int cap = 8;
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).memoryCapBytes((long) cap * SLAB)
        .build();
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 16 * cap; i++) {
        c.put("small" + i, value(50, i));
        c.get("small" + i);
        assertThat(c.bytesHeld()).isLessThanOrEqualTo(c.memoryCapBytes());
      }
    }
    // Every slab is the small class's; it is at the cap, or one slab below after a reclaim
    // of its own made more room than the put that asked for it needed.
    assertThat(c.classStats().get(0).totalSlabs() * SLAB).isEqualTo(c.bytesHeld());
    assertThat(c.classStats().get(0).totalSlabs()).isBetween(cap - 1L, (long) cap);
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 2 * cap; i++) {
        c.put("large" + i, value(1000, i));
        c.get("large" + i);
        assertThat(c.bytesHeld()).isLessThanOrEqualTo(c.memoryCapBytes());
      }
    }

    List<SlabCacheStats> st = c.classStats();
    assertThat(st.get(4).totalSlabs()).isGreaterThan(cap / 2);
    assertThat(st.get(0).totalSlabs()).isLessThan(st.get(4).totalSlabs());
    // Some came from the small class by rebalancing, the rest as free slabs it had left.
    assertThat(c.rebalances()).isPositive();
    PayloadChecks.check(c);
    c.destroy();
  }

  // ---- compaction and reclaim ----------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Payload.class, names = {"HEAP", "DIRECT"})
  void compactionMovesBytesBetweenSlotsAndFreesSlabs(Payload payload) {
    PayloadCache<String, byte[]> c = bytes(payload).build();
    for (int i = 0; i < 64; i++) {
      c.put("k" + i, value(10 + i % 50, i));
    }
    for (int i = 0; i < 64; i++) {
      if (i % 4 != 0) {
        c.remove("k" + i); // four slabs a quarter full
      }
    }
    long[] requested = PayloadChecks.requested(c);
    assertThat(c.classStats().get(0).totalSlabs()).isEqualTo(4);

    CompactionResult r = c.compact();

    assertThat(r.objectsMoved()).isGreaterThanOrEqualTo(8);
    assertThat(r.slabsFreed()).isGreaterThanOrEqualTo(3);
    assertThat(c.classStats().get(0).totalSlabs()).isEqualTo(1);
    for (int i = 0; i < 64; i += 4) {
      assertThat(c.get("k" + i)).as("k%d", i).isEqualTo(value(10 + i % 50, i));
    }
    assertThat(PayloadChecks.requested(c)).containsExactly(requested);
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void reclaimFreesSlabsAndTheirValues() {
    PayloadCache<String, byte[]> c = small();
    for (int i = 0; i < 32; i++) {
      c.put("k" + i, value(40, i));
    }
    assertThat(c.reclaim(1)).isEqualTo(1);
    assertThat(c.classStats().get(0).totalSlabs()).isEqualTo(1);
    assertThat(c.size()).isEqualTo(16);
    c.index.keySet().forEach(k -> assertThat(c.get(k))
        .isEqualTo(value(40, Integer.parseInt(k.substring(1)))));
    assertThatThrownBy(() -> c.reclaim(-1)).isInstanceOf(IllegalArgumentException.class);
    PayloadChecks.check(c);
    c.destroy();
  }

  // ---- statistics ----------------------------------------------------------------------------

  @Test
  void hitsAndMissesAreCountedByEveryRead() {
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).recordStats().build();
    c.put("k", value(8, 0));
    c.get("k");
    c.get("k", ByteBuffer.allocate(8));
    c.release(c.lookup("k"));
    c.get("x");
    c.get("x", ByteBuffer.allocate(8));
    assertThat(c.lookup("x")).isNull();

    assertThat(c.hitCount()).isEqualTo(3);
    assertThat(c.missCount()).isEqualTo(3);
    c.destroy();

    PayloadCache<String, byte[]> quiet = small();
    quiet.get("x");
    assertThat(quiet.hitCount()).isEqualTo(-1);
    assertThat(quiet.missCount()).isEqualTo(-1);
    quiet.destroy();
  }

  @Test
  void theMapViewDecodesAndItsReadsAreNoHits() {
    PayloadCache<String, String> c = PayloadCache.<String, String>builder(Names.unique("pc"),
        ValueCodec.utf8()).registered(false).slabSize(SLAB).recordStats().build();
    ConcurrentMap<String, String> map = c.asMap();
    assertThat(c.asMap()).isSameAs(map);
    assertThat(map.put("k", "v1")).isNull();
    assertThat(map.put("k", "v2")).isEqualTo("v1");
    assertThat(map.putIfAbsent("k", "v3")).isEqualTo("v2");
    assertThat(map.replace("k", "v1", "v4")).isFalse();
    assertThat(map.replace("k", "v2", "v4")).isTrue();
    assertThat(map.remove("k", "v2")).isFalse();
    assertThat(map).containsExactly(Map.entry("k", "v4"));
    assertThat(c.get("k")).isEqualTo("v4");
    assertThat(c.hitCount()).isEqualTo(1); // the view's reads are not counted, as KeyedCache's
    assertThat(map.remove("k")).isEqualTo("v4");
    assertThat(map).isEmpty();
    PayloadChecks.check(c);
    c.destroy();
  }

  // ---- bad input -----------------------------------------------------------------------------

  /** UTF-8, except for a few values that make it misbehave in a named way. */
  private static final ValueCodec<String> MISBEHAVING = new ValueCodec<>() {
    @Override
    public int size(String value) {
      return switch (value) {
        case "throw-in-size" -> throw new IllegalStateException("size broke");
        case "negative-size" -> -5;
        case "write-less" -> 8;
        default -> value.getBytes(StandardCharsets.UTF_8).length;
      };
    }

    @Override
    public void encode(String value, ByteBuffer dst) {
      switch (value) {
        case "throw-in-encode" -> throw new UnsupportedOperationException("encode broke");
        case "write-past" -> dst.put(value.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        case "write-less" -> dst.put((byte) 1).put((byte) 2).put((byte) 3);
        default -> dst.put(value.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public String decode(ByteBuffer src) {
      return StandardCharsets.UTF_8.decode(src).toString();
    }
  };

  private static PayloadCache<String, String> misbehaving() {
    PayloadCache<String, String> c = PayloadCache.<String, String>builder(Names.unique("bad"),
        MISBEHAVING).registered(false).slabSize(SLAB).growthFactor(2).arenas(1).build();
    c.put("a", "alpha");
    c.put("b", "x".repeat(100));
    c.put("victim", "before");
    return c;
  }

  /** After a refused put of {@code victim}: nothing changed, and the cache still works. */
  private static void assertUnharmed(PayloadCache<String, String> c, long[] requested,
      long[] active) {
    assertThat(PayloadChecks.requested(c)).containsExactly(requested);
    assertThat(activeObjects(c)).containsExactly(active);
    assertThat(c.get("victim")).isEqualTo("before");
    assertThat(c.get("a")).isEqualTo("alpha");
    assertThat(c.get("b")).isEqualTo("x".repeat(100));
    PayloadChecks.check(c);
    c.put("victim", "after");
    assertThat(c.get("victim")).isEqualTo("after");
    c.put("new", "fine");
    assertThat(c.get("new")).isEqualTo("fine");
    PayloadChecks.check(c);
  }

  private static void refused(String value, Class<? extends Throwable> cause, String... message) {
    PayloadCache<String, String> c = misbehaving();
    long[] requested = PayloadChecks.requested(c);
    long[] active = activeObjects(c);
    for (Consumer<String> put : List.<Consumer<String>>of(v -> c.put("victim", v),
        v -> c.asMap().put("victim", v), v -> c.asMap().replace("victim", "before", v))) {
      var thrown = assertThatThrownBy(() -> put.accept(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.name()).hasMessageContaining("key victim")
          .hasMessageContaining(message[0]);
      for (String m : message) {
        thrown.hasMessageContaining(m);
      }
      if (cause != null) {
        thrown.hasCauseInstanceOf(cause);
      }
      assertThat(PayloadChecks.requested(c)).containsExactly(requested);
      assertThat(c.get("victim")).isEqualTo("before");
    }
    assertUnharmed(c, requested, active);
    c.destroy();
  }

  @Test
  void aValueLargerThanTheLargestClassIsRefused() {
    refused("y".repeat(SLAB + 1), null, (SLAB + 1) + " bytes",
        "largest size class (" + SLAB + " bytes)");
    PayloadCache<String, byte[]> c = small();
    assertThatThrownBy(() -> c.put("k", ByteBuffer.allocate(SLAB + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key k")
        .hasMessageContaining("1025 bytes");
    assertThat(c.size()).isZero();
    c.destroy();
  }

  @Test
  void aCodecThatThrowsInSizeIsRefused() {
    refused("throw-in-size", IllegalStateException.class, "size failed", "size broke");
  }

  @Test
  void aCodecThatThrowsInEncodeIsRefused() {
    refused("throw-in-encode", UnsupportedOperationException.class, "encode failed",
        "encode broke");
  }

  @Test
  void aCodecThatWritesPastItsSizeIsRefused() {
    refused("write-past", BufferOverflowException.class, "encode failed");
  }

  @Test
  void aCodecThatWritesLessThanItsSizeIsRefused() {
    refused("write-less", null, "encoded 3 bytes", "not the 8 its size gave");
  }

  @Test
  void aCodecThatGivesANegativeSizeIsRefused() {
    refused("negative-size", null, "negative size (-5)");
  }

  @Test
  void aDstTooSmallIsRefusedAndNotAdvanced() {
    PayloadCache<String, byte[]> c = small();
    c.put("k", value(100, 1));
    ByteBuffer dst = ByteBuffer.allocate(140).limit(120).position(30);

    assertThatThrownBy(() -> c.get("k", dst)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(c.name()).hasMessageContaining("key k")
        .hasMessageContaining("100 bytes").hasMessageContaining("90 remaining");

    assertThat(dst.position()).isEqualTo(30);
    assertThat(c.get("k", dst.limit(130))).isEqualTo(100);
    assertThat(dst.position()).isEqualTo(130);
    PayloadChecks.check(c);
    c.destroy();
  }

  @Test
  void everyOperationAfterDestroyFailsNamingTheCache() {
    PayloadCache<String, byte[]> c = small();
    c.put("k", value(10, 1));
    ConcurrentMap<String, byte[]> map = c.asMap();
    c.destroy();

    List<Runnable> ops = List.of(
        () -> c.put("k", value(1, 1)),
        () -> c.put("n", value(1, 1)),
        () -> c.put("k", ByteBuffer.allocate(1)),
        () -> c.get("k"),
        () -> c.get("k", ByteBuffer.allocate(16)),
        () -> c.lookup("k"),
        () -> c.remove("k"),
        () -> c.reclaim(1),
        () -> c.compact(),
        () -> map.get("k"),
        () -> map.containsKey("k"),
        () -> map.put("k", value(1, 1)),
        () -> map.putIfAbsent("n", value(1, 1)),
        () -> map.replace("k", value(1, 1)),
        () -> map.remove("k"));
    for (int i = 0; i < ops.size(); i++) {
      assertThatThrownBy(ops.get(i)::run).as("operation %d", i)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining(c.name());
    }
    assertThat(c.isDestroyed()).isTrue();
    assertThat(c.size()).isZero();
    assertThat(c.bytesHeld()).isZero();
    assertThat(c.classStats()).allSatisfy(s -> assertThat(s.totalSlabs()).isZero());
    c.destroy(); // idempotent
  }

  @Test
  void aMemoryCapBelowOneSlabIsRefused() {
    assertThatThrownBy(() -> bytes(Payload.HEAP).memoryCapBytes(SLAB - 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("1023 bytes")
        .hasMessageContaining("below one slab (1024 bytes)");
    PayloadCache<String, byte[]> c = bytes(Payload.HEAP).memoryCapBytes(SLAB + 10).build();
    assertThat(c.memoryCapBytes()).as("rounded down to whole slabs").isEqualTo(SLAB);
    c.destroy();
  }

  @Test
  void builderArgumentsOutOfRangeAreRefusedNamingTheValue() {
    PayloadCache.Builder<String, byte[]> b = bytes(Payload.HEAP);
    Map<Runnable, String> bad = new java.util.LinkedHashMap<>();
    bad.put(() -> b.growthFactor(1.0), "1.0");
    bad.put(() -> b.growthFactor(Double.NaN), "NaN");
    bad.put(() -> b.growthFactor(4.5), "4.5");
    bad.put(() -> b.growthFactor(Double.POSITIVE_INFINITY), "Infinity");
    bad.put(() -> b.slabSize(1023), "1023");
    bad.put(() -> b.slabSize((1 << 30) + 1), String.valueOf((1 << 30) + 1));
    bad.put(() -> b.smallestSlot(7), "7");
    bad.put(() -> b.smallestSlot(65537), "65537");
    bad.put(() -> b.memoryCapBytes(0), "0");
    bad.put(() -> b.arenas(0), "0");
    bad.put(() -> b.arenas(1025), "1025");
    bad.put(() -> b.payload(Payload.DIRECT_PROMPT), "DIRECT_PROMPT");
    bad.put(() -> b.payload(Payload.NONE), "NONE");
    bad.forEach((set, value) -> assertThatThrownBy(set::run)
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(value));
    assertThatThrownBy(() -> b.payload(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PayloadCache.builder("pc", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("codec");
    assertThatThrownBy(() -> PayloadCache.builder("no spaces", ValueCodec.bytes()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");

    PayloadCache<String, byte[]> c = b.build(); // the refused settings left it as it was
    assertThat(slotSizes(c)).containsExactly(SLOTS);
    c.destroy();
    assertThatThrownBy(() -> bytes(Payload.HEAP).slabSize(1 << 30).smallestSlot(8).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 65536");
  }

  @Test
  void releasingAForeignEntryIsRefused() {
    PayloadCache<String, byte[]> c = small();
    PayloadCache<String, byte[]> other = small();
    other.put("k", value(4, 1));
    c.put("k", value(4, 2));
    CacheEntry<String, ByteBuffer> theirs = other.lookup("k");
    KeyedCache<String, ByteBuffer> keyed = KeyedCache.<String, ByteBuffer>builder(
        Names.unique("keyed")).registered(false).build();
    keyed.put("k", ByteBuffer.allocate(1));
    CacheEntry<String, ByteBuffer> keyedEntry = keyed.lookup("k");

    for (CacheEntry<String, ByteBuffer> foreign : Arrays.asList(theirs, keyedEntry, null)) {
      assertThatThrownBy(() -> c.release(foreign)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c.name()).hasMessageContaining(String.valueOf(foreign))
          .hasMessageContaining("not an entry of this payload cache");
    }

    assertThat(((PayloadEntry<?>) theirs).slabpoolRefcount()).isEqualTo(2); // untouched
    other.release(theirs);
    keyed.release(keyedEntry);
    assertThat(c.get("k")).isEqualTo(value(4, 2));
    PayloadChecks.check(c);
    PayloadChecks.check(other);
    c.destroy();
    other.destroy();
    keyed.destroy();
  }

  @Test
  void aNameTooLongForItsClassesNamesIsRefusedAndNothingIsListed() {
    String name = "n".repeat(58); // a valid cache name, but "name.1048576" is not
    PayloadCache.Builder<String, byte[]> b = PayloadCache.builder(name, ValueCodec.bytes());
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name + ".1048576").hasMessageContaining("size classes' names");
    assertThat(SlabCacheRegistry.caches()).noneMatch(m -> m.name().startsWith(name));
    PayloadCache<String, byte[]> fits = PayloadCache.<String, byte[]>builder(name,
        ValueCodec.bytes()).slabSize(SLAB).build(); // "name.1024" fits in 64
    assertThat(SlabCacheRegistry.find(name + ".1024")).isPresent();
    fits.destroy();
    assertThat(SlabCacheRegistry.find(name + ".1024")).isEmpty();
  }

  // ---- memory ------------------------------------------------------------------------------

  @Test
  void directMemoryReturnsExactlyToItsBaselineAfterDestroy() {
    try (ChildJvm child = ChildJvm.java(PayloadMemoryReturn.class.getName())
        .jvmArgs("-Xmx256m", "-XX:NativeMemoryTracking=summary").name("payload-memory-return")
        .start()) {
      int exit = child.awaitExit(ChildJvm.patience());
      String out = String.join("\n", child.output());
      assertThat(exit).as(out).isZero();
      Matcher m = Pattern.compile("measure=(\\S+) unit=(\\S+) baseline=(\\d+) working=(\\d+)"
          + " bytesHeld=(\\d+) after=(\\d+) held-after-destroy=(\\d+)").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      boolean kb = m.group(2).equals("KB");
      assertThat(m.group(1)).isEqualTo(Runtime.version().feature() >= 22 ? "nmt-other"
          : "direct-pool");
      long baseline = Long.parseLong(m.group(3));
      long working = Long.parseLong(m.group(4));
      long bytesHeld = Long.parseLong(m.group(5));
      assertThat(bytesHeld).as(out).isGreaterThan(SLAB);
      // The measure saw the payload: at least what the cache held (before JDK 22, more: the
      // blocks of reclaimed slabs wait for a GC).
      assertThat(working - baseline).as(out).isGreaterThanOrEqualTo(kb ? bytesHeld / 1024
          : bytesHeld);
      assertThat(Long.parseLong(m.group(6))).as(out).isEqualTo(baseline);
      assertThat(Long.parseLong(m.group(7))).as(out).isZero();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static long[] activeObjects(PayloadCache<?, ?> c) {
    return c.classStats().stream().mapToLong(SlabCacheStats::activeObjects).toArray();
  }

  private static int[] slotSizes(PayloadCache<?, ?> c) {
    return c.classStats().stream().mapToInt(SlabCacheStats::objectSize).toArray();
  }
}
