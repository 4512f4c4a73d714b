package dev.slabpool;

/** The argument and state checks that plain and keyed caches share, with one message each. */
final class Checks {
  private Checks() {}

  /** A slab count asked of reclaim. */
  static long pages(long pages) {
    if (pages < 0) {
      throw new IllegalArgumentException("pages must not be negative: " + pages);
    }
    return pages;
  }

  /** A memory cap in slabs. */
  static long capSlabs(long slabs) {
    if (slabs < 1) {
      throw new IllegalArgumentException("memory cap must be at least 1 slab: " + slabs);
    }
    return slabs;
  }

  /** What every operation on a destroyed cache throws. */
  static IllegalStateException destroyed(String cache) {
    return new IllegalStateException("cache '" + cache + "' is destroyed");
  }
}
