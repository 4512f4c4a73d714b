package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of a payload cache small enough to evict and reuse at every turn: 1 KiB
 * slabs, classes of 128 to 1024 bytes (doubling: 8 slots a slab at most, so that no walk over a
 * slab's slots or lists is long enough for Lincheck to take the thread waiting on it for a
 * livelock), a cap of two slabs, one arena. Puts (by codec
 * and by buffer) of three lengths move a key from class to class; a put into a third class
 * takes a slab from another, evicting; remove frees a slot the next put of the same length takes,
 * whatever its key; compaction moves entries; reclaim evicts.
 *
 * <p>Eviction makes a read's answer open, but only so far: in every sequential run a read finds
 * the last value put for its key, or nothing, and finds nothing after a remove. The sequential
 * specification ({@link Spec}) answers exactly that, with answers that also match a miss where
 * the key may have been evicted ({@link Answer}). A read that copied the bytes of another key,
 * of two values, or a value removed before, matches no answer. Each value says whose it is
 * ({@link PayloadValues}), so such a copy reads back as what it is.
 *
 * <p>The same check catches the optimistic copy-out read without its second version check
 * (planted in the real class by {@code PlantedBugsTest}): {@link #aCopyRacingTheReuseOfItsSlot}
 * then returns the new key's bytes for the old key.
 */
class PayloadCacheLinearizabilityTest {

  /**
   * An operation's answer: what a read found, or whether a remove removed. The specification's
   * answer for a key that may have been evicted meanwhile also matches a miss; the answers of
   * the cache itself match exactly. Equality is symmetric, so either side may ask.
   */
  public static final class Answer {
    static final Answer MISS = new Answer("miss", false);
    static final Answer REMOVED = new Answer("removed", false);
    private final String seen;
    private final boolean orMiss;

    private Answer(String seen, boolean orMiss) {
      this.seen = seen;
      this.orMiss = orMiss;
    }

    static Answer exactly(String seen) {
      return new Answer(seen, false);
    }

    static Answer orMiss(String seen) {
      return new Answer(seen, true);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Answer a && (seen.equals(a.seen)
          || orMiss && a.seen.equals(MISS.seen) || a.orMiss && seen.equals(MISS.seen));
    }

    /** Constant: an answer that matches a miss matches answers of any hash otherwise. */
    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public String toString() {
      return orMiss ? seen + " or miss" : seen;
    }
  }

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  @Param(name = "version", gen = IntGen.class, conf = "1:3")
  public static class Scenario {
    final PayloadCache<Integer, byte[]> cache;

    public Scenario() {
      cache = PayloadCache.<Integer, byte[]>builder("payload-lin", ValueCodec.bytes())
          .registered(false).slabSize(1024).smallestSlot(128).growthFactor(2)
          .memoryCapBytes(2 * 1024).arenas(1).build();
    }

    @Operation
    public void putBytes(@Param(name = "key") int key, @Param(name = "version") int version) {
      cache.put(key, ByteBuffer.wrap(PayloadValues.of(key, version)));
    }

    @Operation
    public void putValue(@Param(name = "key") int key, @Param(name = "version") int version) {
      cache.put(key, PayloadValues.of(key, version));
    }

    /** The optimistic copy-out read: no reference taken. */
    @Operation
    public Answer copy(@Param(name = "key") int key) {
      ByteBuffer dst = ByteBuffer.allocate(PayloadValues.LARGEST);
      int n = cache.get(key, dst);
      if (n < 0) {
        return Answer.MISS;
      }
      if (dst.position() != n) {
        return Answer.exactly("copied " + n + " bytes, dst advanced to " + dst.position());
      }
      return Answer.exactly(PayloadValues.describe(key, dst.flip()));
    }

    /** The codec's read, under a reference. */
    @Operation
    public Answer decode(@Param(name = "key") int key) {
      byte[] v = cache.get(key);
      return v == null ? Answer.MISS
          : Answer.exactly(PayloadValues.describe(key, ByteBuffer.wrap(v)));
    }

    /** The zero-copy view, read while held. */
    @Operation
    public Answer lookup(@Param(name = "key") int key) {
      CacheEntry<Integer, ByteBuffer> e = cache.lookup(key);
      if (e == null) {
        return Answer.MISS;
      }
      try {
        return Answer.exactly(e.key() == key ? PayloadValues.describe(key, e.value())
            : "another key's entry: " + e.key());
      } finally {
        cache.release(e);
      }
    }

    @Operation
    public Answer remove(@Param(name = "key") int key) {
      return cache.remove(key) ? Answer.REMOVED : Answer.MISS;
    }

    /** Moves entries, evicts nothing: nothing to answer. */
    @Operation
    public void compact() {
      cache.compact();
    }

    /** Evicts at will: the specification's answers allow for it. */
    @Operation
    public void reclaim() {
      cache.reclaim(1);
    }

    @Validate
    public void invariants() {
      List<String> violations = PayloadInvariants.accountingViolations(cache);
      if (!violations.isEmpty()) {
        throw new AssertionError(String.join("\n", violations));
      }
    }
  }

  /**
   * The sequential specification: the last version put of each key, none after a remove. A
   * read answers that version or a miss (it may have been evicted); a remove answers that it
   * removed or found nothing, and after it the key reads as a miss until the next put.
   */
  public static final class Spec {
    private final Map<Integer, Integer> last = new HashMap<>();

    public void putBytes(int key, int version) {
      last.put(key, version);
    }

    public void putValue(int key, int version) {
      last.put(key, version);
    }

    public Answer copy(int key) {
      return read(key);
    }

    public Answer decode(int key) {
      return read(key);
    }

    public Answer lookup(int key) {
      return read(key);
    }

    private Answer read(int key) {
      Integer v = last.get(key);
      return v == null ? Answer.MISS : Answer.orMiss(key + ":" + v);
    }

    public Answer remove(int key) {
      return last.remove(key) == null ? Answer.MISS : Answer.orMiss(Answer.REMOVED.seen);
    }

    public void compact() {}

    public void reclaim() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Spec s && last.equals(s.last);
    }

    @Override
    public int hashCode() {
      return last.hashCode();
    }
  }

  /** Random scenarios of two threads of two operations after one, plus the three below. */
  private static ModelCheckingOptions options(Class<?> scenario) {
    return new ModelCheckingOptions().iterations(ModelCheckDepth.scenarios(6))
        .invocationsPerIteration(ModelCheckDepth.invocations(60))
        .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(0)
        .sequentialSpecification(Spec.class)
        .addCustomScenario(slotReusedForAnotherKey(scenario))
        .addCustomScenario(movedWhileRead(scenario))
        .addCustomScenario(evictedWhileRead(scenario));
  }

  /**
   * Key 1 is cached; thread 1 copies it out while thread 2 removes it and puts key 2 at the same
   * length, which takes key 1's freed slot (one arena, no free list: the slot just given back is
   * the next handed out). The copy must find key 1's value or miss, never key 2's bytes.
   */
  static ExecutionScenario slotReusedForAnotherKey(Class<?> s) {
    return new ExecutionScenario(
        List.of(KeyedCacheModelCheckTest.actor(s, "putBytes", 1, 1)),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "copy", 1)),
            List.of(KeyedCacheModelCheckTest.actor(s, "remove", 1),
                KeyedCacheModelCheckTest.actor(s, "putValue", 2, 1))),
        List.of(KeyedCacheModelCheckTest.actor(s, "copy", 2)),
        null);
  }

  /**
   * Keys 1 and 2 share a slab of the 512-byte class (two slots), then key 1 is put again: its new
   * entry opens a second slab, so each slab holds one entry and the compaction moves one of them
   * while both are read and key 2 is removed.
   */
  static ExecutionScenario movedWhileRead(Class<?> s) {
    return new ExecutionScenario(
        List.of(KeyedCacheModelCheckTest.actor(s, "putBytes", 1, 3),
            KeyedCacheModelCheckTest.actor(s, "putBytes", 2, 3),
            KeyedCacheModelCheckTest.actor(s, "putValue", 1, 3)),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "copy", 1),
                KeyedCacheModelCheckTest.actor(s, "copy", 2)),
            List.of(KeyedCacheModelCheckTest.actor(s, "compact"),
                KeyedCacheModelCheckTest.actor(s, "remove", 2))),
        List.of(KeyedCacheModelCheckTest.actor(s, "copy", 1),
            KeyedCacheModelCheckTest.actor(s, "lookup", 2)),
        null);
  }

  /**
   * Keys 1 and 2 in classes 128 and 256 fill the cap; key 2 put again at 300 bytes needs a slab of
   * the 512-byte class, so a slab is taken from a class (evicting its entry) while key 1 is
   * copied and decoded.
   */
  static ExecutionScenario evictedWhileRead(Class<?> s) {
    return new ExecutionScenario(
        List.of(KeyedCacheModelCheckTest.actor(s, "putBytes", 1, 1),
            KeyedCacheModelCheckTest.actor(s, "putValue", 2, 2)),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "copy", 1),
                KeyedCacheModelCheckTest.actor(s, "decode", 1)),
            List.of(KeyedCacheModelCheckTest.actor(s, "putBytes", 2, 3))),
        List.of(KeyedCacheModelCheckTest.actor(s, "copy", 1),
            KeyedCacheModelCheckTest.actor(s, "copy", 2)),
        null);
  }

  @Test
  void readsPutsRemovesCompactionAndReclaimAreLinearizableUpToEviction() {
    options(Scenario.class).check(Scenario.class);
  }

  /** The copy-out read against the reuse of its slot alone: what the planted bug is caught by. */
  @Test
  void aCopyRacingTheReuseOfItsSlot() {
    new ModelCheckingOptions().iterations(0)
        .invocationsPerIteration(ModelCheckDepth.invocations(200))
        .sequentialSpecification(Spec.class)
        .addCustomScenario(slotReusedForAnotherKey(Scenario.class))
        .check(Scenario.class);
  }
}
