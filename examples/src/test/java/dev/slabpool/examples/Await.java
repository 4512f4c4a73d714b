package dev.slabpool.examples;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition that another thread makes true, with a generous timeout. */
public final class Await {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  /**
   * Polls {@code value} until {@code expected} equals it; returns it.
   *
   * @throws AssertionError naming {@code what} and the last value if the time runs out
   */
  public static <T> T until(String what, Supplier<T> value, T expected) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (;;) {
      T v = value.get();
      if (expected.equals(v)) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": still " + v + " after " + TIMEOUT.toSeconds()
            + " s, expected " + expected);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
