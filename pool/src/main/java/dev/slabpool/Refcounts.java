package dev.slabpool;

/** The rules of the refcount contract, written once on top of the four methods of {@link Pooled}. */
final class Refcounts {

  private Refcounts() {}

  /** Increment-if-not-zero: a freed (or being freed) object can never be revived. */
  static boolean tryRetain(Pooled p) {
    for (;;) {
      int c = p.slabpoolRefcount();
      if (c == 0) {
        return false;
      }
      if (c == Integer.MAX_VALUE) {
        throw new IllegalStateException("refcount overflow on " + describe(p));
      }
      if (p.slabpoolCompareAndSetRefcount(c, c + 1)) {
        return true;
      }
    }
  }

  /**
   * Drops one reference. The cached reference (refcount 1) is not the caller's to drop: that is
   * what the free path is for.
   *
   * @return the new refcount
   */
  static int release(Pooled p) {
    for (;;) {
      int c = p.slabpoolRefcount();
      if (c <= 1) {
        throw new IllegalStateException("release of " + describe(p) + " with refcount " + c
            + ": the caller holds no reference (released twice, or never taken)");
      }
      if (p.slabpoolCompareAndSetRefcount(c, c - 1)) {
        return c - 1;
      }
    }
  }

  /** The free path's first step: 1 (cached, unused) to 0 (being freed), atomically. */
  static boolean claim(Pooled p) {
    return p.slabpoolCompareAndSetRefcount(1, 0);
  }

  /** Puts a claimed object back to 1, when its destructor declined to free it. */
  static void unclaim(Pooled p) {
    if (!p.slabpoolCompareAndSetRefcount(0, 1)) {
      throw new IllegalStateException("refcount of claimed " + describe(p)
          + " changed while claimed: " + p.slabpoolRefcount());
    }
  }

  static String describe(Object o) {
    return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
  }
}
