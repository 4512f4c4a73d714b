package dev.slabpool.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.function.Predicate;
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
 * The same check catches a lookup whose retain step is a plain increment (through a
 * package-private seam of the real {@link KeyedCache}, not a copy of its lookup).
 */
class KeyedCacheLinearizabilityTest {

  /** A broken retain step: a plain increment, which revives a freed (refcount 0) entry. */
  static final Predicate<CacheEntry<Integer, String>> PLAIN_INCREMENT = e -> {
    for (;;) {
      int c = e.slabpoolRefcount();
      if (e.slabpoolCompareAndSetRefcount(c, c + 1)) {
        return true;
      }
    }
  };

  /**
   * The retain step the next {@link MapScenario}s are built with: {@code null} for the real one.
   * Lincheck builds scenario objects itself (one class, no arguments: it rejects a hierarchy of
   * them), so the tests of this class pass the choice here before checking.
   */
  static volatile Predicate<CacheEntry<Integer, String>> retainUnderTest;

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public static final class MapScenario {
    private final KeyedCache<Integer, String> cache;

    public MapScenario() {
      KeyedCache.Builder<Integer, String> b = KeyedCache.<Integer, String>builder("lin")
          .registered(false).objectsPerSlab(2).arenas(1);
      Predicate<CacheEntry<Integer, String>> retain = retainUnderTest;
      if (retain != null) {
        b.retainStep(retain);
      }
      cache = b.build();
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
    retainUnderTest = null;
    KeyedCacheModelCheckTest.options(MapScenario.class, 10, 100).check(MapScenario.class);
  }

  @Test
  void aPlainIncrementInsteadOfIncrementIfNotZeroIsCaught() {
    retainUnderTest = PLAIN_INCREMENT;
    try {
      // The two fixed scenarios only (no random ones): a remove during a lookup is among them.
      Throwable caught = catchThrowable(() -> KeyedCacheModelCheckTest.options(MapScenario.class,
          0, 300).minimizeFailedScenario(false).check(MapScenario.class));
      // The report (scenario, results, interleaving) goes to the test output, to be read.
      System.out.println(caught);
      // A lookup revived an entry freed by a remove; dropping that reference found refcount 1.
      assertThat(caught).isInstanceOf(AssertionError.class)
          .hasMessageContaining("Invalid execution results")
          .hasMessageContaining("IllegalStateException");
    } finally {
      retainUnderTest = null;
    }
  }
}
