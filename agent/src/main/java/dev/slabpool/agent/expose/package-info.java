/**
 * What the agent sets up for operators on the application's caches: the MBeans of the jmx module
 * and the pin tracer's, an optional remote JMX connector ({@code jmx=remote}), the memory-pressure
 * trigger and a default reclaim policy for keyed caches. {@link Exposure} applies each step on its
 * own, at the first installation and again for the options a later attach gives. Internal to the
 * agent; not API.
 */
package dev.slabpool.agent.expose;
