package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/**
 * A pooled type with a static initializer of its own, whose loop makes the compiler write stack
 * map frames: the weaving puts the updater's creation in front of that code.
 */
@PooledType
public class InitializedLease {
  /** 0 + 1 + ... + 9, computed by the static initializer. */
  public static final int SUM;

  static {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += i;
    }
    SUM = sum;
  }

  long holder;
}
