package dev.slabpool;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * {@code destroy()} racing lookups, puts and removes on a keyed cache, model-checked for
 * linearizability against the same cache run sequentially: once {@code destroy()} has taken
 * effect every operation fails with {@link IllegalStateException}, and before that the cache is
 * a map. A lookup reads its entry's key and value after taking its reference, so a destroy that
 * cleared a held entry (key and value {@code null}) would answer something no sequential run
 * can.
 */
class DestroyModelCheckTest {

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  public static final class Scenario {
    private final KeyedCache<Integer, String> cache = KeyedCache.<Integer, String>builder("destroy")
        .registered(false).objectsPerSlab(2).arenas(1).build();

    /** The entry's key and value, read while holding the reference, or {@code null}. */
    @Operation
    public String lookup(@Param(name = "key") int key) {
      CacheEntry<Integer, String> e = cache.lookup(key);
      if (e == null) {
        return null;
      }
      String seen = e.key() + "=" + e.value();
      cache.release(e);
      return seen;
    }

    @Operation
    public String getIfPresent(@Param(name = "key") int key) {
      return cache.getIfPresent(key);
    }

    @Operation
    public String put(@Param(name = "key") int key) {
      return cache.put(key, "v" + key);
    }

    @Operation
    public String remove(@Param(name = "key") int key) {
      return cache.remove(key);
    }

    @Operation
    public void destroy() {
      cache.destroy();
    }
  }

  @Test
  void destroyIsLinearizableAgainstLookupsPutsAndRemoves() {
    new ModelCheckingOptions().iterations(ModelCheckDepth.scenarios(10))
        .invocationsPerIteration(ModelCheckDepth.invocations(100)).threads(2).actorsPerThread(2)
        .actorsBefore(1).actorsAfter(1).check(Scenario.class);
  }
}
