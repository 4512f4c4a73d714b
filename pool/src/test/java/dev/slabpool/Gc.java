package dev.slabpool;

import java.util.function.BooleanSupplier;

/** Waits for the GC to do something, with a bounded number of collections instead of a sleep. */
public final class Gc {
  private static final int ATTEMPTS = 50;

  private Gc() {}

  /** Collects until {@code condition} holds; returns whether it did within the attempts. */
  public static boolean until(BooleanSupplier condition) {
    for (int i = 0; i < ATTEMPTS; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      System.gc();
      // Give reference processing (cleaners, reference queues) a chance to run.
      System.runFinalization();
      Thread.yield();
    }
    return condition.getAsBoolean();
  }
}
