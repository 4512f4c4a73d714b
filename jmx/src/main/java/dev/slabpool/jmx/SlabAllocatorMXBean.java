package dev.slabpool.jmx;

/**
 * The MXBean of the whole JVM's slab allocator, {@code dev.slabpool:type=SlabAllocator}: totals
 * over every live cache, reclaim across caches, and the memory-pressure trigger (the kernel's
 * shrinker): when the tenured heap pool is still above {@code PressureThreshold} of its maximum
 * after a collection, {@code PressureFraction} of the slabs of every reclaimable cache are
 * reclaimed, at most once per {@code PressureMinIntervalMillis}. Each method is documented by its
 * {@link Description}, which JMX clients show as well, with the {@code units} of each count in
 * its attribute's descriptor. Every write of an attribute that changes its value sends a
 * {@link javax.management.AttributeChangeNotification}.
 */
public interface SlabAllocatorMXBean {

  @Description("Names of the live caches, sorted")
  String[] getCacheNames();

  @Description(value = "Slabs held by all live caches", units = "slabs")
  long getTotalSlabs();

  @Description(value = "Slab memory held by all live caches, in bytes", units = "bytes")
  long getTotalBytesHeld();

  @Description("Memory pressure: fraction (0 to 1) of the tenured heap pool's maximum that, still"
      + " used after a collection, triggers reclaim; 0 = off")
  double getPressureThreshold();

  void setPressureThreshold(double fraction);

  @Description("Memory pressure: fraction (above 0, at most 1) of the slabs of every reclaimable"
      + " cache that is reclaimed when the threshold is crossed")
  double getPressureFraction();

  void setPressureFraction(double fraction);

  @Description(value = "Memory pressure: shortest time between two pressure reclaims, in"
      + " milliseconds",
      units = "milliseconds")
  long getPressureMinIntervalMillis();

  void setPressureMinIntervalMillis(long millis);

  @Description(value = "Memory pressure: reclaims across caches triggered so far",
      units = "reclaims")
  long getPressureReclaims();

  @Description(value = "Memory pressure: slabs those reclaims gave back", units = "slabs")
  long getPressureSlabsReclaimed();

  @Description(value = "Memory pressure: threshold crossings ignored because of the rate limit",
      units = "crossings")
  long getPressureSkipped();

  @Description("Memory pressure: the heap pool whose collection usage is watched (empty when this"
      + " garbage collector has none)")
  String getPressurePool();

  @Description("Reclaims the given fraction of the slabs of every reclaimable cache (rounded up)"
      + " and returns what each cache did")
  ReclaimInfo[] reclaimAll(
      @Description(name = "fraction", value = "Fraction of each cache's slabs, above 0 and at"
          + " most 1") double fraction);
}
