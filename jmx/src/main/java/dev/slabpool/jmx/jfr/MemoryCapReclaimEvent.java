package dev.slabpool.jmx.jfr;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * {@value #NAME}: one reclaim made by an allocating thread that found its cache at the memory
 * cap, from its start to its end on that thread. A busy capped cache makes one on many
 * allocations, so the event is disabled by default: enable it in the recording settings
 * ({@code docs/operators/slabpool.jfc} does, with a threshold and stack traces, to show which
 * allocations wait for reclaim and for how long).
 */
@Name(MemoryCapReclaimEvent.NAME)
@Label("Slab Reclaim at the Memory Cap")
@Description("A reclaim an allocation made because its cache was at the memory cap")
@Enabled(false)
public final class MemoryCapReclaimEvent extends SlabReclaimEvent {
  /** The event name. */
  public static final String NAME = "dev.slabpool.MemoryCapReclaim";
}
