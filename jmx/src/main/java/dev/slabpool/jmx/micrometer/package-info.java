/**
 * Micrometer meters for slabpool: {@link SlabpoolMetrics} binds to a {@code MeterRegistry}
 * Micrometer's standard cache meters of every keyed cache ({@code cache.gets}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}) and the slab meters of every cache (objects and
 * slabs by state, memory held and its cap, density, reclaim and move counters, a reclaim timer),
 * tagged with the cache name. Nothing else in the jmx module refers to this package, so the module
 * runs without Micrometer on the class path.
 */
package dev.slabpool.jmx.micrometer;
