package dev.slabpool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory cap in slabs shared by several slab caches: the size classes of a {@link PayloadCache}
 * draw their slabs from one budget, so memory a class gives back can go to another. Each cache
 * reserves here after its own cap and gives the slab back here when it releases it.
 */
final class SlabBudget {
  private final AtomicLong held = new AtomicLong();
  private volatile long cap;

  SlabBudget(long cap) {
    this.cap = cap;
  }

  /** Takes one slab of the budget, or answers {@code false} when it is spent. */
  boolean reserve() {
    for (;;) {
      long h = held.get();
      if (h >= cap) {
        return false;
      }
      if (held.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  void release() {
    held.decrementAndGet();
  }

  boolean exhausted() {
    return held.get() >= cap;
  }

  long held() {
    return held.get();
  }

  long cap() {
    return cap;
  }

  void cap(long slabs) {
    this.cap = slabs;
  }
}
