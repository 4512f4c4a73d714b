package dev.slabpool.agent.trace;

import java.util.List;

/**
 * The pin tracer, {@code dev.slabpool:type=PinTracer}
 * ({@link dev.slabpool.jmx.client.SlabpoolClient#PIN_TRACER}): finds the call sites that hold
 * references (refcount above 1) which keep objects pinned, and so keep their slabs from being
 * reclaimed.
 *
 * <p>Turning tracing on for a cache (or {@code *}, every cache) retransforms
 * {@code dev.slabpool.SlabCache} so that taking and dropping a reference is recorded with the
 * call site that did it; turning it off for the last cache retransforms the class back to its
 * original code, so that no instruction is added to the hot path while tracing is off. Only
 * references taken while tracing is on are attributed to a call site.
 */
public interface PinTracerMXBean {

  /** The traced caches, or {@code ["*"]} when every cache is traced; empty when tracing is off. */
  String[] getTracedCaches();

  /** Whether {@code SlabCache}'s code currently carries the tracing code. */
  boolean isInstrumented();

  /** Calls the instrumented code made into the tracer since the agent started. */
  long getHookCalls();

  /** Frames outside slabpool recorded per call site (1 to 32). */
  int getCallSiteDepth();

  /** Sets the frames recorded per call site, for references taken from now on. */
  void setCallSiteDepth(int frames);

  /**
   * Turns tracing on for a cache, or for every cache with {@code *}.
   *
   * @throws IllegalArgumentException if there is no such cache
   */
  void enable(String cache);

  /**
   * Turns tracing off for a cache, or for every cache with {@code *}, and forgets its records.
   * When no cache is traced any more, the original code of {@code SlabCache} is restored.
   */
  void disable(String cache);

  /**
   * The call sites holding the most references of a traced cache right now, most first.
   *
   * @throws IllegalArgumentException if the cache is not traced
   */
  List<CallSiteCount> topCallSites(String cache, int limit);

  /**
   * The references of a traced cache held the longest right now, oldest first.
   *
   * @throws IllegalArgumentException if the cache is not traced
   */
  List<Holder> oldestHolders(String cache, int limit);

  /**
   * Both lists as text, for the command line.
   *
   * @throws IllegalArgumentException if the cache is not traced
   */
  String report(String cache, int limit);
}
