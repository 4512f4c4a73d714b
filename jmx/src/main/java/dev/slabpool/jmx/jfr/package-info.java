/**
 * Flight Recorder events of slabpool: a {@link ReclaimEvent} for each reclaim of any cache and a
 * periodic {@link CacheDensityEvent} for each live cache, both in the {@code slabpool} category and
 * enabled by default. {@link SlabpoolJfr} installs them; {@code SlabpoolJmx.install()} does so when
 * the JVM has JFR.
 */
package dev.slabpool.jmx.jfr;
