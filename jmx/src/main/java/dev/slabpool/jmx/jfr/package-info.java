/**
 * Flight Recorder events of slabpool: a {@link ReclaimEvent} for each requested reclaim of any
 * cache and a periodic {@link CacheDensityEvent} for each live cache, both in the {@code slabpool}
 * category and enabled by default, and a {@link MemoryCapReclaimEvent} for each reclaim made by
 * an allocation at the memory cap, disabled by default. The reclaim events share their fields
 * ({@link SlabReclaimEvent}) and last as long as the reclaim. {@link SlabpoolJfr} installs them;
 * {@code SlabpoolJmx.install()} does so when the JVM has JFR.
 */
package dev.slabpool.jmx.jfr;
