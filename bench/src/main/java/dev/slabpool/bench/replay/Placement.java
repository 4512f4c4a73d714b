package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;
import java.util.Locale;

/**
 * How the objects of the policies are placed in slabs before the shrink: by one policy for all
 * (the same layout for every policy, as bench/README.md explains for evictions per freed slab), or by each
 * policy itself.
 */
public enum Placement {
  /** The first half runs under the slab policy for every policy. */
  SLAB(ReclaimPolicy.SLAB),
  /** The first half runs under LRU order for every policy. The default. */
  LRU(ReclaimPolicy.LRU),
  /** The first half runs under Caffeine's order for every policy. */
  CAFFEINE(ReclaimPolicy.CAFFEINE),
  /** Each policy runs the whole trace itself: natural, but each has its own layout. */
  OWN(null);

  private final ReclaimPolicy layoutPolicy;

  Placement(ReclaimPolicy layoutPolicy) {
    this.layoutPolicy = layoutPolicy;
  }

  /** The policy in force during the first half of a run of {@code policy}. */
  public ReclaimPolicy firstHalfPolicy(ReclaimPolicy policy) {
    return layoutPolicy == null ? policy : layoutPolicy;
  }

  /**
   * Parses a {@code --placement} value.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static Placement parse(String s) {
    for (Placement p : values()) {
      if (p.name().equalsIgnoreCase(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown placement '" + s
        + "': expected slab, lru, caffeine or own");
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
