package dev.slabpool.jmx;

import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.jmx.pressure.Shrinker;
import java.util.List;
import java.util.function.ToLongFunction;

/** The allocator MXBean: totals over the registry, and the memory-pressure settings. */
final class SlabAllocatorBean implements SlabAllocatorMXBean {
  private final MemoryPressure pressure;

  SlabAllocatorBean(MemoryPressure pressure) {
    this.pressure = pressure;
  }

  @Override
  public String[] getCacheNames() {
    return SlabCacheRegistry.caches().stream().map(ManagedCache::name).sorted()
        .toArray(String[]::new);
  }

  @Override
  public long getTotalSlabs() {
    return sum(SlabCacheStats::totalSlabs);
  }

  @Override
  public long getTotalBytesHeld() {
    return sum(SlabCacheStats::bytesHeld);
  }

  private static long sum(ToLongFunction<SlabCacheStats> field) {
    long total = 0;
    for (ManagedCache c : SlabCacheRegistry.caches()) {
      total += field.applyAsLong(c.stats());
    }
    return total;
  }

  @Override
  public double getPressureThreshold() {
    return pressure.threshold();
  }

  @Override
  public void setPressureThreshold(double fraction) {
    pressure.threshold(fraction);
  }

  @Override
  public double getPressureFraction() {
    return pressure.fraction();
  }

  @Override
  public void setPressureFraction(double fraction) {
    pressure.fraction(fraction);
  }

  @Override
  public long getPressureMinIntervalMillis() {
    return pressure.minIntervalMillis();
  }

  @Override
  public void setPressureMinIntervalMillis(long millis) {
    pressure.minIntervalMillis(millis);
  }

  @Override
  public long getPressureReclaims() {
    return pressure.reclaims();
  }

  @Override
  public long getPressureSlabsReclaimed() {
    return pressure.slabsReclaimed();
  }

  @Override
  public long getPressureSkipped() {
    return pressure.skipped();
  }

  @Override
  public String getPressurePool() {
    return pressure.poolName().orElse("");
  }

  @Override
  public ReclaimInfo[] reclaimAll(double fraction) {
    List<ReclaimInfo> done = Shrinker.reclaim(fraction).stream().map(ReclaimInfo::of).toList();
    return done.toArray(ReclaimInfo[]::new);
  }
}
