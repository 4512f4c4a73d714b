/**
 * Reclaim on heap pressure, the JVM version of the kernel's shrinker. {@link MemoryPressure}
 * listens for the memory MXBean's threshold notifications on the tenured heap pool and, when the
 * pool is above a set fraction of its maximum after a collection, reclaims a fraction of the slabs
 * of every reclaimable cache, at most once per interval. {@link Shrinker} is that reclaim across
 * caches, which the allocator MXBean's {@code reclaimAll} operation uses too.
 */
package dev.slabpool.jmx.pressure;
