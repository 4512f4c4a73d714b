/**
 * The slab heat map shared by the JConsole and VisualVM plugins: {@link SlabsPanel} shows the
 * caches of a JVM, the figures of the selected one and each of its slabs as a cell coloured by
 * density, with a policy selector and a Reclaim button. It reads the slabpool MBeans with the jmx
 * module's {@link dev.slabpool.jmx.client.SlabpoolClient}, whose package this jar carries, over
 * the connection a {@link JmxSource} gives, and needs only the JDK; {@link SlabpoolMBeans} tells
 * a tool whether a JVM has them.
 * These types are public for the plugins; they are not part of the slabpool API.
 */
package dev.slabpool.heatmap;
