package dev.slabpool;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking (it explores the thread interleavings of random scenarios) of
 * lookup / take reference / release / put / remove / reclaim on a keyed cache of 2-entry slabs
 * capped at 3 slabs, where freed slots are handed out again for other keys.
 *
 * <p>Reclaim and the cap evict at will, so the value a lookup finds is not fixed; what is fixed,
 * in any sequential run, is that it finds the right key's value or nothing. A lookup answers
 * that, so a concurrent run counts as linearizable only if no lookup ever got another key's
 * entry and nothing threw; {@link Validate} checks the invariants after each scenario. The map
 * semantics themselves (no eviction) are model-checked by {@link KeyedCacheLinearizabilityTest}.
 */
class KeyedCacheModelCheckTest {

  /** The operations, on a fresh cache per scenario. */
  @Param(name = "key", gen = IntGen.class, conf = "1:2")
  public static class Scenario {
    private final KeyedCache<Integer, String> cache;

    public Scenario() {
      this(ReclaimPolicy.SLAB);
    }

    Scenario(ReclaimPolicy policy) {
      cache = KeyedCache.<Integer, String>builder("modelcheck").registered(false)
          .objectsPerSlab(2).arenas(1).memoryCapSlabs(3).circulation(1).policy(policy).build();
    }

    /** Whether the lookup found the key's own entry, or nothing. */
    @Operation
    public boolean lookup(@Param(name = "key") int key) {
      CacheEntry<Integer, String> e = cache.lookup(key);
      if (e == null) {
        return true;
      }
      boolean right = e.key() == key && ("v" + key).equals(e.value());
      cache.release(e);
      return right;
    }

    @Operation
    public void put(@Param(name = "key") int key) {
      cache.put(key, "v" + key);
    }

    @Operation
    public void remove(@Param(name = "key") int key) {
      cache.remove(key);
    }

    @Operation
    public void reclaim() {
      cache.reclaim(1);
    }

    @Validate
    public void invariants() {
      quiescentInvariants(cache);
    }
  }

  /** The same operations under the hot-aware policy, whose reclaim sweeps, evicts and moves. */
  public static final class HotScenario extends Scenario {
    public HotScenario() {
      super(ReclaimPolicy.HOT);
    }
  }

  /**
   * The keyed invariants with the public API only: inside a model-checked run the reflective
   * slot walk of {@link KeyedInvariants} would drag JDK internals into Lincheck's snapshot of
   * static state. Every indexed entry is linked under its key with refcount 1 (nobody holds one
   * now), and every allocated entry is indexed: nothing leaked, nothing freed twice.
   */
  static void quiescentInvariants(KeyedCache<Integer, String> c) {
    c.index.forEach((k, e) -> {
      if (!e.linked || !k.equals(e.key) || e.slabpoolRefcount() != 1) {
        throw new AssertionError("entry of " + k + ": key " + e.key + ", linked " + e.linked
            + ", refcount " + e.slabpoolRefcount());
      }
    });
    long active = c.store().stats().activeObjects();
    if (active != c.size()) {
      throw new AssertionError(active + " entries allocated, " + c.size() + " indexed");
    }
  }

  /**
   * Random scenarios of two threads of two operations after one, plus the two scenarios below;
   * bounded so the suite stays fast.
   */
  static ModelCheckingOptions options(Class<?> scenario, int iterations, int invocations) {
    return new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
        .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(0)
        .addCustomScenario(removedDuringLookup(scenario))
        .addCustomScenario(slotReusedForAnotherKey(scenario));
  }

  /** Key 1 is cached; thread 1 looks it up while thread 2 removes it (and so frees its slot). */
  static ExecutionScenario removedDuringLookup(Class<?> scenario) {
    return new ExecutionScenario(
        List.of(actor(scenario, "put", 1, 1)),
        List.of(List.of(actor(scenario, "lookup", 1)), List.of(actor(scenario, "remove", 1))),
        List.of(actor(scenario, "lookup", 1)),
        null);
  }

  /**
   * Key 1 is cached; thread 1 looks it up while thread 2 removes it and puts key 2, which gets
   * key 1's freed slot (one arena, no free list: the slot just returned is the next handed out).
   * Afterwards key 2 must still be there: nothing evicts it in this scenario.
   */
  static ExecutionScenario slotReusedForAnotherKey(Class<?> scenario) {
    return new ExecutionScenario(
        List.of(actor(scenario, "put", 1, 1)),
        List.of(List.of(actor(scenario, "lookup", 1)),
            List.of(actor(scenario, "remove", 1), actor(scenario, "put", 2, 1))),
        List.of(actor(scenario, "lookup", 2)),
        null);
  }

  /** An operation of {@code scenario} by name; extra arguments are dropped. */
  static Actor actor(Class<?> scenario, String name, Object... args) {
    for (Method m : scenario.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() <= args.length) {
        return new Actor(m, Arrays.asList(args).subList(0, m.getParameterCount()));
      }
    }
    throw new IllegalArgumentException(scenario + " has no operation " + name);
  }

  @Test
  void lookupsPutsRemovesAndReclaimsAreSafeInEveryExploredInterleaving() {
    // Reclaim and the cap make lookups wait on entries being freed, which Lincheck explores at
    // length: each run costs several times one without them, hence fewer runs here.
    options(Scenario.class, ModelCheckDepth.scenarios(4), ModelCheckDepth.invocations(40))
        .check(Scenario.class);
  }

  @Test
  void underTheHotPolicyLookupsPutsRemovesAndReclaimsAreSafeInEveryExploredInterleaving() {
    options(HotScenario.class, ModelCheckDepth.scenarios(4), ModelCheckDepth.invocations(40))
        .check(HotScenario.class);
  }
}
