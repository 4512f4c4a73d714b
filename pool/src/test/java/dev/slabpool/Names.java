package dev.slabpool;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique cache names, so tests never collide in the JVM-wide registry. */
public final class Names {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private Names() {}

  /** {@code prefix-N}, unique in this JVM. */
  public static String unique(String prefix) {
    return prefix + "-" + NEXT.incrementAndGet();
  }
}
