package dev.slabpool.jmx.jfr;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.SlabCacheStats;
import jdk.jfr.FlightRecorder;

/**
 * The slabpool JFR events: a {@link ReclaimEvent} per reclaim of any cache and a periodic
 * {@link CacheDensityEvent} per live cache. Both are enabled by default, so any recording
 * ({@code -XX:StartFlightRecording}, {@code jcmd <pid> JFR.start}) has them once this is
 * installed; {@code SlabpoolJmx.install()} installs it.
 */
public final class SlabpoolJfr implements AutoCloseable {

  private final SlabCacheRegistry.Listener listener = new SlabCacheRegistry.Listener() {
    @Override
    public void reclaimed(ReclaimResult result) {
      ReclaimEvent e = new ReclaimEvent();
      if (e.shouldCommit()) {
        e.cache = result.cache();
        e.policy = result.policy().id();
        e.cause = result.cause().name();
        e.slabsFreed = result.slabsFreed();
        e.objectsFreed = result.objectsFreed();
        e.objectsScanned = result.objectsScanned();
        e.reclaimDuration = result.nanos();
        e.commit();
      }
    }
  };
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
