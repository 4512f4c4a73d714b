package dev.slabpool;

/** What the tests read of an entry that the public {@link CacheEntry} does not show. */
final class Entries {
  private Entries() {}

  static int refcount(CacheEntry<?, ?> e) {
    return ((KeyedEntry<?, ?>) e).slabpoolRefcount();
  }

  static boolean linked(CacheEntry<?, ?> e) {
    return ((KeyedEntry<?, ?>) e).linked;
  }
}
