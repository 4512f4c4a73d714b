/**
 * Pin tracing: finds the call sites that hold the references (refcount above 1) which keep objects
 * pinned and their slabs from being reclaimed. {@link PinTracerMXBean} is the operator's view,
 * registered as {@code dev.slabpool:type=PinTracer} through {@link PinTracerJmx}, with
 * {@link Holder} and {@link CallSiteCount} as its composites. {@link PinTracer} records references
 * through code inlined into {@code dev.slabpool.SlabCache} by retransformation, only while some
 * cache is traced. Internal to the agent: operators use the MBean, not these classes.
 */
package dev.slabpool.agent.trace;
