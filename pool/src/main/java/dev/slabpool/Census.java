package dev.slabpool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What operators see of one cache's slabs: the statistics snapshot and the slab map, each built
 * by visiting the arenas one at a time under their locks. A snapshot is consistent per arena,
 * not across arenas.
 */
final class Census {
  private Census() {}

  /** A statistics snapshot, labelled with the policy the cache reclaims by. */
  static SlabCacheStats stats(Slabs<?> slabs, ReclaimPolicy policy) {
    int n = slabs.objectsPerSlab;
    Arena.StatsBuilder b = new Arena.StatsBuilder(n);
    for (Arena a : slabs.arenas) {
      a.lock.lock();
      try {
        a.statsLocked(b);
      } finally {
        a.lock.unlock();
      }
    }
    Counters c = slabs.counters;
    return new SlabCacheStats(slabs.name, policy, slabs.reclaimable, slabs.arenas.length,
        slabs.objectSize, n, b.active, b.slabs * n, b.activeSlabs, b.slabs, b.partialSlabs,
        b.freeSlabs, b.fullSlabs, b.slabs * n * (long) slabs.objectSize,
        slabs.requestedBytes == null ? -1 : slabs.requestedBytes.sum(), slabs.memoryCap,
        b.pinned, b.occupancy, c.slabsReclaimed.sum(), c.objectsReclaimed.sum(),
        c.circulationFrees.sum(), c.destructorRefusals.sum(), c.moves());
  }

  /**
   * Every slab, oldest first; {@code hot} tells which allocated objects the policy counts as hot
   * (read racily: a hit does not take the arena's lock, and a display needs no more).
   */
  static SlabMap slabMap(Slabs<?> slabs, Predicate<Object> hot) {
    record Row(long serial, int arena, int active, int pinned, int hot) {}
    List<Row> rows = new ArrayList<>();
    List<Slab> list = new ArrayList<>();
    for (Arena a : slabs.arenas) {
      a.lock.lock();
      try {
        list.clear();
        a.slabsLocked(list);
        for (Slab s : list) {
          rows.add(new Row(s.serial, a.id, s.active(), s.pinned(), s.count(hot)));
        }
      } finally {
        a.lock.unlock();
      }
    }
    rows.sort(Comparator.comparingLong(Row::serial));
    int size = rows.size();
    long[] serial = new long[size];
    int[] arena = new int[size];
    int[] active = new int[size];
    int[] pinned = new int[size];
    int[] hots = new int[size];
    for (int i = 0; i < size; i++) {
      Row r = rows.get(i);
      serial[i] = r.serial;
      arena[i] = r.arena;
      active[i] = r.active;
      pinned[i] = r.pinned;
      hots[i] = r.hot;
    }
    return new SlabMap(slabs.objectsPerSlab, serial, arena, active, pinned, hots);
  }
}
