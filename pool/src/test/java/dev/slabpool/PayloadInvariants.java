package dev.slabpool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * docs/design.md's invariants for a quiescent payload cache, nobody holding an entry, on top of
 * those of each size class's slab cache.
 */
final class PayloadInvariants {
  private PayloadInvariants() {}

  /**
   * The violations of the index and the accounting, read without walking the slabs (a
   * model-checked run can afford these):
   *
   * <ul>
   *   <li>every indexed entry is linked, holds the key it is indexed under, has refcount 1 and an
   *       even version (a value, not a write), and lives in the smallest class its length fits;
   *   <li>each class has as many entries allocated as indexed in it, and its requested bytes are
   *       the lengths of those entries summed;
   *   <li>the shared budget holds as many slabs as the classes do, and at most the cap's bytes.
   * </ul>
   */
  static <K> List<String> accountingViolations(PayloadCache<K, ?> cache) {
    List<String> out = new ArrayList<>();
    List<SizeClass<K>> classes = classesOf(cache);
    long[] entries = new long[classes.size()];
    long[] lengths = new long[classes.size()];
    cache.index.forEach((k, e) -> {
      if (!e.linked || !k.equals(e.key) || e.slabpoolRefcount() != 1 || (e.version() & 1) != 0) {
        out.add("entry of " + k + ": key " + e.key + ", linked " + e.linked + ", refcount "
            + e.slabpoolRefcount() + ", version " + e.version());
      }
      int i = classes.indexOf(e.owner);
      if (i < 0 || e.length > e.owner.slotSize
          || i > 0 && e.length <= classes.get(i - 1).slotSize) {
        out.add("entry of " + k + " (" + e.length + " bytes) is in " + e.owner);
      } else {
        entries[i]++;
        lengths[i] += e.length;
      }
    });
    long slabs = 0;
    for (int i = 0; i < classes.size(); i++) {
      SizeClass<K> c = classes.get(i);
      SlabCacheStats s = c.stats();
      if (s.activeObjects() != entries[i] || s.requestedBytes() != lengths[i]) {
        out.add(c + ": " + s.activeObjects() + " entries allocated, " + entries[i]
            + " indexed; " + s.requestedBytes() + " bytes requested, " + lengths[i] + " indexed");
      }
      slabs += c.slabCount();
    }
    long budgeted = classes.get(0).store.slabs.budget.held();
    if (budgeted != slabs) {
      out.add("the budget holds " + budgeted + " slabs, the classes " + slabs);
    }
    long cap = cache.memoryCapBytes();
    if (cap >= 0 && cache.bytesHeld() > cap) {
      out.add(cache.bytesHeld() + " bytes held, above the cap of " + cap);
    }
    return out;
  }

  /**
   * Checks {@link #accountingViolations} and, for every class, the slab cache invariants
   * ({@link Invariants}) and that each allocated entry is indexed: nothing leaked.
   */
  static <K> void check(PayloadCache<K, ?> cache) {
    List<String> out = accountingViolations(cache);
    Set<PayloadEntry<K>> indexed = Collections.newSetFromMap(new IdentityHashMap<>());
    indexed.addAll(cache.index.values());
    for (SizeClass<K> c : classesOf(cache)) {
      for (String v : Invariants.violations(c.store)) {
        out.add(c + ": " + v);
      }
      for (KeyedEntry<K, ?> e : Invariants.allocatedObjects(c.store)) {
        if (!indexed.contains(e)) {
          out.add(c + ": leaked " + e + ", refcount " + e.slabpoolRefcount());
        }
      }
    }
    if (!out.isEmpty()) {
      throw new AssertionError("invariants of " + cache + " violated:\n  "
          + String.join("\n  ", out));
    }
  }

  @SuppressWarnings("unchecked")
  private static <K> List<SizeClass<K>> classesOf(PayloadCache<K, ?> cache) {
    List<SizeClass<K>> out = new ArrayList<>();
    for (ManagedCache m : cache.sizeClasses()) {
      out.add((SizeClass<K>) m);
    }
    return out;
  }
}
