/**
 * The JConsole plugin: {@link SlabsJConsolePlugin} adds a Slabs tab with the slab heat map of the
 * connected JVM. JConsole finds it through
 * {@code META-INF/services/com.sun.tools.jconsole.JConsolePlugin} when started with
 * {@code jconsole -pluginpath slabpool-heatmap.jar}. Not API.
 */
package dev.slabpool.heatmap.jconsole;
