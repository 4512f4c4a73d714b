package dev.slabpool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** docs/design.md's invariants for a quiescent keyed cache, on top of those of its slab cache. */
public final class KeyedInvariants {
  private KeyedInvariants() {}

  /** Checks with no entry held by anyone. */
  public static void check(KeyedCache<?, ?> cache) {
    check(cache, List.of());
  }

  /**
   * Checks, given the entries the caller still holds references on (one per occurrence).
   *
   * <ul>
   *   <li>every indexed entry is linked, holds the key it is indexed under, and has refcount 1
   *       plus one per holder;
   *   <li>every allocated entry is indexed or held: nothing leaked; and nothing freed that is
   *       held;
   *   <li>an unlinked held entry has refcount 1 plus one per holder, like an indexed one.
   * </ul>
   */
  public static <K, V> void check(KeyedCache<K, V> cache,
      Collection<? extends CacheEntry<K, V>> held) {
    List<String> out = new ArrayList<>(Invariants.violations(cache.store()));
    Map<KeyedEntry<K, V>, Integer> holders = new IdentityHashMap<>();
    for (CacheEntry<K, V> e : held) {
      holders.merge((KeyedEntry<K, V>) e, 1, Integer::sum);
    }
    Set<KeyedEntry<K, V>> indexed = Collections.newSetFromMap(new IdentityHashMap<>());
    cache.index.forEach((k, e) -> {
      indexed.add(e);
      if (!e.linked || !k.equals(e.key)) {
        out.add("index maps " + k + " to an entry of " + e.key + " (linked=" + e.linked + ")");
      }
      int expected = 1 + holders.getOrDefault(e, 0);
      if (e.slabpoolRefcount() != expected) {
        out.add("entry of " + k + " has refcount " + e.slabpoolRefcount() + ", expected "
            + expected);
      }
    });
    Set<KeyedEntry<K, V>> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
    allocated.addAll(Invariants.allocatedObjects(cache.store()));
    for (KeyedEntry<K, V> e : allocated) {
      if (!indexed.contains(e) && !holders.containsKey(e)) {
        out.add("leaked: " + e + " refcount " + e.slabpoolRefcount() + " linked=" + e.linked);
      }
      if (!indexed.contains(e) && e.linked) {
        out.add("linked but not indexed: " + e);
      }
    }
    holders.forEach((e, n) -> {
      if (!allocated.contains(e)) {
        out.add("freed while held: " + e);
      } else if (!indexed.contains(e) && e.slabpoolRefcount() != n + 1) {
        // The index's reference is not dropped when the entry leaves it: the last holder's
        // release brings it to 1 and frees it.
        out.add("unlinked held " + e + " has refcount " + e.slabpoolRefcount() + ", held " + n);
      }
    });
    if (cache.store().stats().activeObjects() != allocated.size()) {
      out.add("active objects " + cache.store().stats().activeObjects() + " != allocated "
          + allocated.size());
    }
    if (!out.isEmpty()) {
      throw new AssertionError("invariants of " + cache + " violated:\n  "
          + String.join("\n  ", out));
    }
  }
}
