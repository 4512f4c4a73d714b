package dev.slabpool.jmx.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * {@value #NAME}: one reclaim of a slab cache that somebody asked for (code, an operator, memory
 * pressure, lowering the memory cap), from its start to its end on the reclaiming thread. Enabled
 * by default; stack traces are off by default (turn them on in the recording settings to see who
 * reclaims). Reclaims made by allocations at the memory cap are {@link MemoryCapReclaimEvent}s.
 */
@Name(ReclaimEvent.NAME)
@Label("Slab Reclaim")
@Description("A requested reclaim of a slab cache: what it freed and what it scanned to choose")
public final class ReclaimEvent extends SlabReclaimEvent {
  /** The event name. */
  public static final String NAME = "dev.slabpool.Reclaim";
}
