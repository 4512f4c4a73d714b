package dev.slabpool;

/**
 * The bugs {@link PlantedBugsTest} plants, each a public static stand-in for one call in the
 * real code (see {@link PlantedBug}). Each breaks one invariant of {@code docs/design.md}.
 */
public final class Bugs {
  private Bugs() {}

  /** For {@code Refcounts.tryRetain}: a plain increment, which revives a freed object (I2). */
  public static boolean plainIncrement(Pooled p) {
    for (;;) {
      int c = p.slabpoolRefcount();
      if (p.slabpoolCompareAndSetRefcount(c, c + 1)) {
        return true;
      }
    }
  }

  /** For the key re-check after a lookup's retain: any key is taken for the one looked up (I4). */
  public static boolean anyKeyMatches(Object key, Object other) {
    return true;
  }

  /** For {@code Refcounts.claim}: an object is freed whatever its refcount (I1). */
  public static boolean claimWithoutLooking(Pooled p) {
    for (;;) {
      int c = p.slabpoolRefcount();
      if (p.slabpoolCompareAndSetRefcount(c, 0)) {
        return true;
      }
    }
  }

  /** For destroy's look at a refcount: every object seems unused, held ones are cleared (I6). */
  public static int nobodyHoldsIt(Pooled p) {
    return 1;
  }

  /**
   * For the payload cache's optimistic copy-out read: the version is never read again after the
   * copy, as if it were still the one read before, so a copy racing a write of its slot (the
   * slot freed and reused for another key, say) is taken for a value of the key looked up (I9).
   */
  public static boolean versionNotReread(PayloadEntry<?> e, int version) {
    return true;
  }

  /** For an index swap's look at the store: destroy() seems never to have begun (I6). */
  public static boolean neverDestroyed(SlabCache<?> cache) {
    return false;
  }
}
