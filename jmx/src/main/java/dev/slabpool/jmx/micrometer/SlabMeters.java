package dev.slabpool.jmx.micrometer;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The slabpool meters of one cache in one registry, tagged {@code cache=<name>}; see
 * {@link SlabpoolMetrics} for the list. Every series is registered when the cache is bound, so
 * each exists, at 0, before the first reclaim; only the reclaim timer, tagged by policy and
 * cause, appears with its first reclaim.
 */
final class SlabMeters {
  /** A gauge read off the snapshot: name, {@code state} tag (or none), unit, description. */
  private record Figure(String name, String state, String unit, String description,
      ToDoubleFunction<SlabCacheStats> value) {}

  /** One answer of the mover, as a {@code slabpool.moves} series. */
  private record Answer(String id, ToDoubleFunction<SlabCacheStats.Moves> count) {}

  /*
   * The states of one name partition the total, so that summing them over the tag is right:
   * objects in use + cached + free = slots, slabs full + partial + free = slabs held. Pinned
   * objects and active objects are read in separate passes over a slab, so pinned can exceed
   * active by an object allocated in between: clamped, the three still add up.
   */
  private static final List<Figure> GAUGES = List.of(
      new Figure("slabpool.cache.objects", "in_use", BaseUnits.OBJECTS,
          "Slots by state: in_use (refcount above 1), cached (refcount 1, reclaimable), free",
          s -> inUse(s)),
      new Figure("slabpool.cache.objects", "cached", BaseUnits.OBJECTS,
          "Slots by state: in_use (refcount above 1), cached (refcount 1, reclaimable), free",
          s -> s.activeObjects() - inUse(s)),
      new Figure("slabpool.cache.objects", "free", BaseUnits.OBJECTS,
          "Slots by state: in_use (refcount above 1), cached (refcount 1, reclaimable), free",
          s -> s.totalObjects() - s.activeObjects()),
      new Figure("slabpool.cache.slabs", "full", "slabs",
          "Slabs held, by state: full, partial, free (no slot allocated)", s -> s.fullSlabs()),
      new Figure("slabpool.cache.slabs", "partial", "slabs",
          "Slabs held, by state: full, partial, free (no slot allocated)", s -> s.partialSlabs()),
      new Figure("slabpool.cache.slabs", "free", "slabs",
          "Slabs held, by state: full, partial, free (no slot allocated)", s -> s.freeSlabs()),
      new Figure("slabpool.cache.memory.used", null, BaseUnits.BYTES, "Slab memory held",
          s -> s.bytesHeld()),
      new Figure("slabpool.cache.memory.max", null, BaseUnits.BYTES,
          "The memory cap in bytes (slabs x objects per slab x object size); -1 without cap",
          s -> memoryCapBytes(s)),
      new Figure("slabpool.cache.density", null, "ratio",
          "Allocated slots / slots, from 0 to 1 (1 with no slab)", s -> s.density()));

  /** Only for the size classes of a payload cache: the caches whose slots hold values. */
  private static final Figure REQUESTED = new Figure("slabpool.cache.memory.requested", null,
      BaseUnits.BYTES, "Bytes the cached values ask for (memcached's mem_requested);"
          + " slabpool.cache.memory.used minus this is lost to rounding and empty slots",
      s -> s.requestedBytes());

  private static final List<Answer> ANSWERS = List.of(
      new Answer("moved", SlabCacheStats.Moves::moved),
      new Answer("not_needed", SlabCacheStats.Moves::notNeeded),
      new Answer("later", SlabCacheStats.Moves::later),
      new Answer("never", SlabCacheStats.Moves::never),
      new Answer("dont_know", SlabCacheStats.Moves::dontKnow));

  private final MeterRegistry registry;
  private final String cache;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  /** Counted here, since the statistics have no such counters; since this binding. */
  private final LongAdder reclaims = new LongAdder();
  private final LongAdder scanned = new LongAdder();
  private boolean removed;

  SlabMeters(MeterRegistry registry, ManagedCache cache, Snapshots snapshots) {
    this.registry = registry;
    this.cache = cache.name();
    this.tags = Tags.of("cache", cache.name());
    for (Figure f : GAUGES) {
      gauge(f, snapshots);
    }
    if (cache.stats().requestedBytes() >= 0) { // fixed when the cache is built
      gauge(REQUESTED, snapshots);
    }
    counter("slabpool.reclaim.slabs", tags, "slabs",
        "Slabs given back by reclaim, since the last resetStatistics()", snapshots,
        snapshots.reader(SlabCacheStats::slabsReclaimed));
    counter("slabpool.reclaim.objects", tags, BaseUnits.OBJECTS,
        "Objects freed (evicted) by reclaim, since the last resetStatistics()", snapshots,
        snapshots.reader(SlabCacheStats::objectsReclaimed));
    for (Answer a : ANSWERS) {
      counter("slabpool.moves", tags.and("answer", a.id), null,
          "Objects the mover was asked to move (compaction, reclaim that migrates), by answer;"
              + " answer=moved are the objects moved", snapshots,
          snapshots.reader(s -> a.count.applyAsDouble(s.moves())));
    }
    counter("slabpool.reclaims", tags, null, "Reclaims of the cache, since metrics were bound",
        reclaims, LongAdder::doubleValue);
    counter("slabpool.reclaim.scanned", tags, BaseUnits.OBJECTS,
        "Refcounts read by reclaim to choose its victims, since metrics were bound", scanned,
        LongAdder::doubleValue);
  }

  private void gauge(Figure f, Snapshots snapshots) {
    Tags t = f.state == null ? tags : tags.and("state", f.state);
    meters.add(Gauge.builder(f.name, snapshots, snapshots.reader(f.value)).tags(t)
        .baseUnit(f.unit).description(f.description).register(registry));
  }

  private <T> void counter(String name, Tags t, String unit, String description, T state,
      ToDoubleFunction<T> value) {
    meters.add(FunctionCounter.builder(name, state, value).tags(t).baseUnit(unit)
        .description(description).register(registry));
  }

  private static double inUse(SlabCacheStats s) {
    return Math.min(s.pinnedObjects(), s.activeObjects());
  }

  private static double memoryCapBytes(SlabCacheStats s) {
    if (s.memoryCapSlabs() == Long.MAX_VALUE) {
      return -1; // as Micrometer's jvm.memory.max for a pool without maximum
    }
    return (double) s.memoryCapSlabs() * s.objectsPerSlab() * s.objectSize();
  }

  /** Counts one reclaim of the cache; on the reclaiming thread. */
  void reclaimed(ReclaimResult r) {
    reclaims.increment();
    scanned.add(r.objectsScanned());
    Timer timer = Timer.builder("slabpool.reclaim").tags(tags.and("policy", r.policy().id(),
            "cause", r.cause().name())).description("Reclaims and their duration")
        .register(registry);
    timer.record(r.nanos(), TimeUnit.NANOSECONDS);
    synchronized (this) {
      if (removed) {
        registry.remove(timer); // a reclaim that raced the cache's removal leaves nothing
      } else if (!meters.contains(timer)) {
        meters.add(timer);
      }
    }
  }

  /** Removes every meter of the cache from the registry. */
  synchronized void remove() {
    removed = true;
    meters.forEach(registry::remove);
    meters.clear();
  }

  /** The cache name. */
  String cache() {
    return cache;
  }
}
