package dev.slabpool.jmx.jfr;

import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.SlabCacheStats;
import jdk.jfr.FlightRecorder;

/**
 * The slabpool JFR events: a {@link ReclaimEvent} per requested reclaim of any cache, a
 * {@link MemoryCapReclaimEvent} per reclaim an allocation makes at the memory cap, and a periodic
 * {@link CacheDensityEvent} per live cache. The reclaim events begin when the reclaim starts and
 * are committed when it ends, on the reclaiming thread. The requested reclaims and the densities
 * are enabled by default, so any recording ({@code -XX:StartFlightRecording},
 * {@code jcmd <pid> JFR.start}) has them once this is installed; the memory-cap reclaims, as
 * frequent as the allocations of a capped cache, are disabled by default.
 * {@code SlabpoolJmx.install()} installs it.
 */
public final class SlabpoolJfr implements AutoCloseable {

  private final SlabCacheRegistry.Listener listener = new ReclaimRecorder();
  private final Runnable densities = SlabpoolJfr::emitDensities;

  private SlabpoolJfr() {
    SlabCacheRegistry.addListener(listener);
    FlightRecorder.addPeriodicEvent(CacheDensityEvent.class, densities);
  }

  /** Starts emitting the events; {@link #close()} stops. */
  public static SlabpoolJfr install() {
    return new SlabpoolJfr();
  }

  private static void emitDensities() {
    for (ManagedCache cache : SlabCacheRegistry.caches()) {
      SlabCacheStats s = cache.stats();
      CacheDensityEvent e = new CacheDensityEvent();
      e.cache = s.name();
      e.density = s.density();
      e.activeObjects = s.activeObjects();
      e.totalObjects = s.totalObjects();
      e.pinnedObjects = s.pinnedObjects();
      e.totalSlabs = s.totalSlabs();
      e.partialSlabs = s.partialSlabs();
      e.freeSlabs = s.freeSlabs();
      e.fullSlabs = s.fullSlabs();
      e.bytesHeld = s.bytesHeld();
      e.requestedBytes = s.requestedBytes();
      e.commit();
    }
  }

  /** Stops emitting the events. */
  @Override
  public void close() {
    SlabCacheRegistry.removeListener(listener);
    FlightRecorder.removePeriodicEvent(densities);
  }
}
