package dev.slabpool;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Without reclaim and without a cap nothing is evicted, so a keyed cache must behave exactly as
 * a map: Lincheck model-checks that every concurrent run of lookups, getIfPresent, put and
 * remove is linearizable. Slots freed by remove are reused by the next put of any key (2-entry
 * slabs, one arena), so a lookup racing a remove and a put of another key is among the runs.
 * The same check catches a lookup whose retain is a plain increment (planted in the real class by
 * {@code PlantedBugsTest}).
 */
class KeyedCacheLinearizabilityTest {

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public static class MapScenario {
    final KeyedCache<Integer, String> cache;

    public MapScenario() {
      this("lin");
    }

    MapScenario(String name) {
      cache = KeyedCache.<Integer, String>builder(name).registered(false).objectsPerSlab(2)
          .arenas(1).build();
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

    @Validate
    public void invariants() {
      KeyedCacheModelCheckTest.quiescentInvariants(cache);
    }
  }

  @Test
  void aKeyedCacheWithoutEvictionIsALinearizableMap() {
    KeyedCacheModelCheckTest.options(MapScenario.class, ModelCheckDepth.scenarios(10),
        ModelCheckDepth.invocations(100)).check(MapScenario.class);
  }
}
