package dev.slabpool;


/**
 * Run in a child JVM whose class path lacks Caffeine: a keyed cache works under the slab and LRU
 * policies, and asking for the caffeine policy fails and says what is missing. Prints what it
 * saw; exits non-zero if anything else happened.
 */
public final class WithoutCaffeine {
  private WithoutCaffeine() {}

  public static void main(String[] args) {
    try {
      Class.forName("com.github.benmanes.caffeine.cache.Caffeine");
      throw new AssertionError("Caffeine is on the class path");
    } catch (ClassNotFoundException expected) {
      System.out.println("no Caffeine on the class path");
    }
    KeyedCache<Integer, String> c = KeyedCache.<Integer, String>builder("without-caffeine")
        .objectsPerSlab(4).arenas(1).build();
    c.put(1, "one");
    c.policy(ReclaimPolicy.LRU);
    if (!"one".equals(c.getIfPresent(1))) {
      throw new AssertionError("the cache lost its entry");
    }
    try {
      c.policy(ReclaimPolicy.CAFFEINE);
      throw new AssertionError("the caffeine policy was accepted");
    } catch (IllegalStateException e) {
      System.out.println("refused: " + e.getMessage());
    }
    if (c.policy() != ReclaimPolicy.LRU || !"one".equals(c.getIfPresent(1))) {
      throw new AssertionError("a refused policy changed the cache: " + c.policy());
    }
    try {
      KeyedCache.<Integer, String>builder("built-with-caffeine").policy(ReclaimPolicy.CAFFEINE)
          .build();
      throw new AssertionError("a cache was built with the caffeine policy");
    } catch (IllegalStateException e) {
      System.out.println("build refused: " + e.getMessage());
    }
    c.destroy();
    System.out.println("done");
  }
}
