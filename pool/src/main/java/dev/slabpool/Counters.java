package dev.slabpool;

import java.util.concurrent.atomic.LongAdder;

/** The cumulative reclaim counters of one cache, as {@link SlabCacheStats} reports them. */
final class Counters {
  final LongAdder slabsReclaimed = new LongAdder();
  final LongAdder objectsReclaimed = new LongAdder();
  final LongAdder circulationFrees = new LongAdder();
  final LongAdder destructorRefusals = new LongAdder();

  /** Adds what one reclaim freed; {@code circulated} of its objects were freed for circulation. */
  void reclaimed(ReclaimResult result, long circulated) {
    slabsReclaimed.add(result.slabsFreed());
    objectsReclaimed.add(result.objectsFreed());
    circulationFrees.add(circulated);
  }

  void reset() {
    slabsReclaimed.reset();
    objectsReclaimed.reset();
    circulationFrees.reset();
    destructorRefusals.reset();
  }
}
