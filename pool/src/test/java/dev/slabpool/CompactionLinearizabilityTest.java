package dev.slabpool;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Compaction moves entries between slabs and evicts nothing, so a keyed cache that compacts must
 * still behave exactly as a map: Lincheck model-checks lookups, getIfPresent, put and remove
 * racing {@code compact()}. A lookup racing a move must find the entry in its old place or its
 * new one (or retry), never another key's value and never a miss for a key that stays.
 */
class CompactionLinearizabilityTest {

  /** The operations, on a fresh cache of 2-entry slabs per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public static final class CompactScenario {
    private final KeyedCache<Integer, String> cache;

    public CompactScenario() {
      cache = KeyedCache.<Integer, String>builder("compact-lin").registered(false)
          .objectsPerSlab(2).arenas(1).build();
    }

    /** The value the lookup found, taking and dropping a reference. */
    @Operation
    public String lookup(@Param(name = "key") int key) {
      CacheEntry<Integer, String> e = cache.lookup(key);
      if (e == null) {
        return null;
      }
      String v = e.key() == key ? e.value() : "another key's entry: " + e.key();
      cache.release(e);
      return v;
    }

    @Operation
    public String getIfPresent(@Param(name = "key") int key) {
      return cache.getIfPresent(key);
    }

    @Operation
    public String put(@Param(name = "key") int key, @Param(name = "value") int value) {
      return cache.put(key, key + ":" + value);
    }

    @Operation
    public String remove(@Param(name = "key") int key) {
      return cache.remove(key);
    }

    /** Compaction changes where entries live, not what the map holds: nothing to answer. */
    @Operation
    public void compact() {
      cache.compact();
    }

    @Validate
    public void invariants() {
      KeyedCacheModelCheckTest.quiescentInvariants(cache);
    }
  }

  @Test
  void compactionRacingLookupsPutsAndRemovesIsInvisibleToTheMap() {
    KeyedCacheModelCheckTest.options(CompactScenario.class, ModelCheckDepth.scenarios(10),
        ModelCheckDepth.invocations(100))
        .addCustomScenario(lookupsRacingAMove())
        .check(CompactScenario.class);
  }

  /**
   * Keys 1 and 2 in one slab, then key 1 replaced (its new entry opens a second slab, its old
   * slot is freed): two slabs of one entry each, so the compaction moves one entry while both
   * keys are looked up and one is removed.
   */
  static ExecutionScenario lookupsRacingAMove() {
    Class<?> s = CompactScenario.class;
    return new ExecutionScenario(
        List.of(KeyedCacheModelCheckTest.actor(s, "put", 1, 1),
            KeyedCacheModelCheckTest.actor(s, "put", 2, 1),
            KeyedCacheModelCheckTest.actor(s, "put", 1, 2)),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 1),
                KeyedCacheModelCheckTest.actor(s, "getIfPresent", 2)),
            List.of(KeyedCacheModelCheckTest.actor(s, "compact"),
                KeyedCacheModelCheckTest.actor(s, "remove", 2))),
        List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 1),
            KeyedCacheModelCheckTest.actor(s, "lookup", 2)),
        null);
  }
}
