package dev.slabpool.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reclaim rates between two refreshes of {@code slabtop}: slabs and objects reclaimed per second
 * by each cache, from its {@code SlabsReclaimed} and {@code ObjectsReclaimed} counters. A cache
 * has no rate on the first refresh, when it is new, or when its counters went back (its
 * statistics were reset).
 */
final class Rates {

  /**
   * What one cache reclaimed per second since the previous refresh.
   *
   * @param slabsPerSecond slabs reclaimed per second
   * @param objectsPerSecond objects reclaimed per second
   */
  record Rate(double slabsPerSecond, double objectsPerSecond) {}

  private Map<String, CacheRow> previous = Map.of();
  private long previousNanos;

  /**
   * The rates of {@code rows}, read at {@code nanos} ({@link System#nanoTime()}), against the
   * rows of the previous call; remembers these for the next call. Caches without a rate are
   * absent.
   */
  Map<String, Rate> next(List<CacheRow> rows, long nanos) {
    Map<String, Rate> rates = new HashMap<>();
    double seconds = (nanos - previousNanos) / 1e9;
    Map<String, CacheRow> now = new HashMap<>();
    for (CacheRow row : rows) {
      now.put(row.name(), row);
      CacheRow before = previous.get(row.name());
      if (before == null || !(seconds > 0)) {
        continue;
      }
      long slabs = row.slabsReclaimed() - before.slabsReclaimed();
      long objects = row.objectsReclaimed() - before.objectsReclaimed();
      if (slabs >= 0 && objects >= 0) {
        rates.put(row.name(), new Rate(slabs / seconds, objects / seconds));
      }
    }
    previous = now;
    previousNanos = nanos;
    return rates;
  }
}
