package dev.slabpool;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The order in which a cache chooses its victims when memory must be given back. */
public enum ReclaimPolicy {
  /** Slab-oriented reclaim, as proposed: the allocator frees whole slabs of unused objects. */
  SLAB,
  /** Exact least-recently-used order, object by object (a baseline, keyed caches only). */
  LRU,
  /** Caffeine's eviction order, {@code Policy.Eviction.coldest} (a baseline, keyed caches only). */
  CAFFEINE,
  /**
   * Hot-aware slab reclaim (keyed caches only): whole slabs from the old end, but the entries
   * that keep being hit are moved to other slabs instead of evicted with theirs.
   */
  HOT;

  /** The name operators type: {@code slab}, {@code lru}, {@code caffeine} or {@code hot}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an operator's policy name, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static ReclaimPolicy parse(String name) {
    if (name != null) {
      String n = name.trim().toUpperCase(Locale.ROOT);
      for (ReclaimPolicy p : values()) {
        if (p.name().equals(n)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("unknown reclaim policy '" + name + "': expected one of "
        + Arrays.stream(values()).map(ReclaimPolicy::id).collect(Collectors.joining(", ")));
  }
}
