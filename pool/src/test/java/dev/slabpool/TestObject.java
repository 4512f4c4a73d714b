package dev.slabpool;

import java.util.concurrent.atomic.AtomicInteger;

/** A pooled object for tests: numbered in build order so failures name it. */
public final class TestObject extends PooledObject {
  private static final AtomicInteger BUILT = new AtomicInteger();

  /** Build number, unique in the JVM. */
  public final int id = BUILT.incrementAndGet();
  /** Free for tests to mark an object as in use by them. */
  public volatile Object owner;

  @Override
  public String toString() {
    return "TestObject#" + id;
  }
}
