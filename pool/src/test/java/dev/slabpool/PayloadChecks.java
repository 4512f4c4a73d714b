package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Checks a quiescent {@link PayloadCache} (no operation running, no entry held): each size class
 * passes {@link Invariants}; every indexed entry is linked, holds its key, has refcount 1, lives
 * in the smallest class its length fits and has an even version; every allocated slot is
 * indexed (nothing leaked); each class's requested bytes are the sum of its live values' lengths;
 * the bytes held add up and stay within the memory cap.
 */
final class PayloadChecks {
  private PayloadChecks() {}

  /** Throws an {@link AssertionError} listing every violation found. */
  static void check(PayloadCache<?, ?> cache) {
    List<String> out = violations(cache);
    if (!out.isEmpty()) {
      throw new AssertionError("invariants of " + cache + " violated:\n  "
          + String.join("\n  ", out));
    }
  }

  static <K> List<String> violations(PayloadCache<K, ?> cache) {
    List<String> out = new ArrayList<>();
    List<SizeClass<K>> classes = classes(cache);
    long[] requested = new long[classes.size()];
    Set<Object> indexed = Collections.newSetFromMap(new IdentityHashMap<>());
    cache.index.forEach((k, e) -> {
      indexed.add(e);
      if (!e.linked || !k.equals(e.key)) {
        out.add("index maps " + k + " to an entry of " + e.key + " (linked=" + e.linked + ")");
      }
      if (e.slabpoolRefcount() != 1) {
        out.add("entry of " + k + " has refcount " + e.slabpoolRefcount());
      }
      if ((e.version() & 1) != 0) {
        out.add("entry of " + k + " has an odd version " + e.version());
      }
      int i = classes.indexOf(e.owner);
      if (e.length > e.owner.slotSize || i > 0 && e.length <= classes.get(i - 1).slotSize) {
        out.add("entry of " + k + " (" + e.length + " bytes) in class " + e.owner.slotSize);
      }
      requested[i] += e.length;
    });
    long held = 0;
    long slabs = 0;
    for (int i = 0; i < classes.size(); i++) {
      SizeClass<K> c = classes.get(i);
      for (String v : Invariants.violations(c.store)) {
        out.add(c.name + ": " + v);
      }
      SlabCacheStats st = c.stats();
      if (st.requestedBytes() != requested[i]) {
        out.add(c.name + ": requested " + st.requestedBytes() + " bytes, live values hold "
            + requested[i]);
      }
      for (KeyedEntry<K, ByteBuffer> e : Invariants.allocatedObjects(c.store)) {
        if (!indexed.contains(e)) {
          out.add(c.name + ": leaked " + e + " refcount " + e.slabpoolRefcount());
        }
      }
      held += st.bytesHeld();
      slabs += c.slabCount();
    }
    if (!classes.isEmpty() && classes.get(0).store.slabs.budget.held() != slabs) {
      out.add("the shared budget holds " + classes.get(0).store.slabs.budget.held()
          + " slabs, the classes " + slabs);
    }
    if (held != cache.bytesHeld()) {
      out.add("bytesHeld() " + cache.bytesHeld() + ", the classes hold " + held);
    }
    if (cache.memoryCapBytes() >= 0 && held > cache.memoryCapBytes()) {
      out.add(held + " bytes held, above the cap of " + cache.memoryCapBytes());
    }
    return out;
  }

  /** The cache's size classes, smallest slots first. */
  @SuppressWarnings("unchecked")
  static <K> List<SizeClass<K>> classes(PayloadCache<K, ?> cache) {
    List<SizeClass<K>> out = new ArrayList<>();
    for (ManagedCache c : cache.sizeClasses()) {
      out.add((SizeClass<K>) c);
    }
    return out;
  }

  /** Each class's requested bytes, smallest slots first. */
  static long[] requested(PayloadCache<?, ?> cache) {
    return cache.classStats().stream().mapToLong(SlabCacheStats::requestedBytes).toArray();
  }
}
