package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Each checker catches the bug it exists for: one bug per invariant of {@code docs/design.md} is
 * planted in the real class ({@link PlantedBug}), the checker runs against it and must fail.
 * Without the bug the same checkers pass in the normal build.
 */
class PlantedBugsTest {

  private static Method bug(String name) {
    for (Method m : Bugs.class.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no bug " + name);
  }

  /** Runs one checker against a planted bug; returns what it printed when it caught it. */
  private static String assertCaught(PlantedBug bug, String testClass, String testMethod) {
    try (ChildJvm child = bug.start(testClass, testMethod)) {
      int exit = child.awaitExit(ChildJvm.patience());
      String out = String.join("\n", child.output());
      assertThat(exit).as("%s#%s on the planted bug: %s", testClass, testMethod, out).isZero();
      String caught = out.substring(out.indexOf("caught: "));
      assertThat(caught).doesNotContain("ClassCastException");
      System.out.println(testClass + "#" + testMethod + " " + caught.lines().limit(12)
          .reduce((a, b) -> a + "\n" + b).orElse(""));
      return caught;
    }
  }

  @Test
  void anIncrementThatIgnoresZeroIsCaughtByTheMapModelCheck() {
    PlantedBug b = PlantedBug.replaceCalls(SlabCache.class, "retain",
        PlantedBug.method(Refcounts.class, "tryRetain", Pooled.class), bug("plainIncrement"));
    assertThat(assertCaught(b, "dev.slabpool.KeyedCacheLinearizabilityTest",
        "aKeyedCacheWithoutEvictionIsALinearizableMap")).contains("Invalid execution results");
  }

  @Test
  void aMissingKeyRecheckIsCaughtByTheKeyedModelCheck() throws Exception {
    PlantedBug b = PlantedBug.replaceCalls(dev.slabpool.KeyedCache.class, "lookup",
        Object.class.getMethod("equals", Object.class), bug("anyKeyMatches"));
    assertCaught(b, "dev.slabpool.KeyedCacheModelCheckTest",
        "lookupsPutsRemovesAndReclaimsAreSafeInEveryExploredInterleaving");
  }

  @Test
  void aFreeWithoutClaimIsCaughtByTheReclaimRules() {
    PlantedBug b = PlantedBug.replaceCalls(Arena.class, "claimForCirculation",
        PlantedBug.method(Refcounts.class, "claim", Pooled.class), bug("claimWithoutLooking"));
    assertCaught(b, "dev.slabpool.SlabCacheReclaimTest", "circulationNeverFreesAnObjectInUse");
  }

  @Test
  void aSkippedDrainIsCaughtByTheThreadCacheTest() {
    PlantedBug b = PlantedBug.removeCalls(Arena.class, "selectLocked",
        PlantedBug.method(Arena.class, "drainFreeListsLocked"));
    assertCaught(b, "dev.slabpool.ThreadCacheTest", "aReclaimDrainsTheCacheOfAnotherLiveThread");
  }

  @Test
  void aDestroyThatDestroysHeldObjectsIsCaught() {
    PlantedBug b = PlantedBug.replaceCalls(Slabs.class, "giveBack",
        PlantedBug.method(Pooled.class, "slabpoolRefcount"), bug("nobodyHoldsIt"));
    assertCaught(b, "dev.slabpool.DestroyLinearizabilityTest",
        "destroyHandsAHeldObjectOverToItsHolder");
  }

  @Test
  void aSwapThatIgnoresDestroyIsCaughtByTheDestroyModelCheck() throws Exception {
    Class<?> swap = Class.forName("dev.slabpool.KeyedCache$Swap");
    PlantedBug b = PlantedBug.replaceCalls(swap, "replace",
        SlabCache.class.getMethod("isDestroyed"), bug("neverDestroyed"));
    assertCaught(b, "dev.slabpool.DestroyModelCheckTest",
        "destroyIsLinearizableAgainstLookupsPutsAndRemoves");
  }

  @Test
  void aCopyOutWithoutItsSecondVersionCheckIsCaughtByThePayloadModelCheck() {
    // The seqlock's re-read after the copy always finds the version read before it.
    PlantedBug b = PlantedBug.replaceCalls(PayloadCache.class, "get",
        PlantedBug.method(PayloadCache.class, "unchanged", PayloadEntry.class, int.class),
        bug("versionNotReread"));
    assertThat(assertCaught(b, "dev.slabpool.PayloadCacheLinearizabilityTest",
        "aCopyRacingTheReuseOfItsSlot")).contains("Invalid execution results")
        .contains("not a value of 1");
  }

  @Test
  void aMoveThatCopiesWithoutClaimingIsCaughtByTheCompactionCheck() {
    // Compaction takes an entry whatever its refcount: it sees none held, and claims regardless.
    PlantedBug b = PlantedBug.replaceCalls(Arena.class, "claimWholeSlab",
        PlantedBug.method(Pooled.class, "slabpoolRefcount"), bug("nobodyHoldsIt"))
        .andReplaceCalls(PlantedBug.method(Refcounts.class, "claim", Pooled.class),
            bug("claimWithoutLooking"));
    assertCaught(b, "dev.slabpool.CompactionLinearizabilityTest",
        "compactionRacingLookupsPutsAndRemovesIsInvisibleToTheMap");
  }
}
