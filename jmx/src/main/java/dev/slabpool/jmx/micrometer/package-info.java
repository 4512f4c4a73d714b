/**
 * Micrometer meters for slabpool: {@link SlabpoolMetrics} binds to a {@code MeterRegistry} gauges
 * of every live cache (objects, slabs, bytes held, density) and a timer and counters of its
 * reclaims, tagged with the cache name. Nothing else in the jmx module refers to this package, so
 * the module runs without Micrometer on the class path.
 */
package dev.slabpool.jmx.micrometer;
