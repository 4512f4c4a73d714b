package dev.slabpool;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Compaction moves entries between slabs and evicts nothing, so a keyed cache that compacts must
 * still behave exactly as a map: Lincheck model-checks lookups, getIfPresent, put and remove
 * racing {@code compact()}. A lookup racing a move must find the entry in its old place or its
 * new one (or retry), never another key's value and never a miss for a key that stays.
 */
class CompactionLinearizabilityTest {

  /** The map's operations and compaction, on a fresh cache of 2-entry slabs per scenario. */
  public static final class CompactScenario extends KeyedCacheLinearizabilityTest.MapScenario {
    public CompactScenario() {
      super("compact-lin");
    }

    /** Compaction changes where entries live, not what the map holds: nothing to answer. */
    @Operation
    public void compact() {
      cache.compact();
    }
  }

  @Test
  void compactionRacingLookupsPutsAndRemovesIsInvisibleToTheMap() {
    KeyedCacheModelCheckTest.options(CompactScenario.class, ModelCheckDepth.scenarios(10),
        ModelCheckDepth.invocations(100))
        .addCustomScenario(lookupsRacingAMove())
        .addCustomScenario(putsRacingAMove())
        .addCustomScenario(aMoveIntoASlotJustFreed())
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
        twoSlabsOfOneEntry(s),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 1),
                KeyedCacheModelCheckTest.actor(s, "getIfPresent", 2)),
            List.of(KeyedCacheModelCheckTest.actor(s, "compact"),
                KeyedCacheModelCheckTest.actor(s, "remove", 2))),
        List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 1),
            KeyedCacheModelCheckTest.actor(s, "lookup", 2)),
        null);
  }

  /**
   * Keys 1 and 2 in one slab, then key 1 replaced: its new entry opens a second slab and its old
   * slot is freed, so each slab holds one entry.
   */
  private static List<Actor> twoSlabsOfOneEntry(Class<?> s) {
    return List.of(KeyedCacheModelCheckTest.actor(s, "put", 1, 1),
        KeyedCacheModelCheckTest.actor(s, "put", 2, 1),
        KeyedCacheModelCheckTest.actor(s, "put", 1, 2));
  }

  /**
   * As above, two slabs of one entry each; while one entry moves, both keys get new values. A
   * move that swapped in its copy over a value put meanwhile would bring the old value back.
   */
  static ExecutionScenario putsRacingAMove() {
    Class<?> s = CompactScenario.class;
    return new ExecutionScenario(
        twoSlabsOfOneEntry(s),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "put", 1, 3),
                KeyedCacheModelCheckTest.actor(s, "put", 2, 3)),
            List.of(KeyedCacheModelCheckTest.actor(s, "compact"))),
        List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 1),
            KeyedCacheModelCheckTest.actor(s, "lookup", 2)),
        null);
  }

  /**
   * Keys 1 and 2 share a slab, key 3 has one of its own. Key 2 is removed while the compaction
   * runs: when the remove comes first, key 3 moves into the slot key 2 just left, and a lookup
   * of key 2 racing it must miss, never find key 3's entry there.
   */
  static ExecutionScenario aMoveIntoASlotJustFreed() {
    Class<?> s = CompactScenario.class;
    return new ExecutionScenario(
        List.of(KeyedCacheModelCheckTest.actor(s, "put", 1, 1),
            KeyedCacheModelCheckTest.actor(s, "put", 2, 1),
            KeyedCacheModelCheckTest.actor(s, "put", 3, 1)),
        List.of(List.of(KeyedCacheModelCheckTest.actor(s, "remove", 2),
                KeyedCacheModelCheckTest.actor(s, "lookup", 3)),
            List.of(KeyedCacheModelCheckTest.actor(s, "compact"),
                KeyedCacheModelCheckTest.actor(s, "lookup", 2))),
        List.of(KeyedCacheModelCheckTest.actor(s, "lookup", 2),
            KeyedCacheModelCheckTest.actor(s, "lookup", 3)),
        null);
  }
}
