/**
 * The operator surface of slabpool: MXBeans through which JConsole, VisualVM or any JMX client
 * watches slab density and runs slab-oriented reclaim, with no code in the application.
 * {@link SlabpoolJmx#install()} registers on the platform MBeanServer a {@link SlabCacheMXBean} for
 * every live cache, present and future ({@link KeyedCacheMXBean}, which adds the hit and miss
 * counts, for a keyed cache that counts its lookups), and the {@link SlabAllocatorMXBean} for
 * totals, reclaim across caches and the memory-pressure settings; it opens no port. {@link ReclaimInfo} and
 * {@link SlabMapInfo} are their open types, and {@link Description} holds the text JMX clients
 * show. {@link CacheTracker} keeps something per live cache of the registry, for these MXBeans and
 * for the Micrometer binder. The MXBeans' object names come from the client in
 * {@link dev.slabpool.jmx.client}, which the tools use to read them.
 */
package dev.slabpool.jmx;
