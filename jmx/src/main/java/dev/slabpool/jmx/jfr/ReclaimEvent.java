package dev.slabpool.jmx.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@value #NAME}: one reclaim of a slab cache, committed on the reclaiming thread when the reclaim
 * finished. Stack traces are off by default (turn them on in the recording settings to see who
 * reclaims).
 */
@Name(ReclaimEvent.NAME)
@Label("Slab Reclaim")
@Category({"slabpool"})
@Description("A reclaim of a slab cache: what it freed and what it scanned to choose")
@StackTrace(false)
public final class ReclaimEvent extends Event {
  /** The event name. */
  public static final String NAME = "dev.slabpool.Reclaim";

  @Label("Cache")
  String cache;

  @Label("Policy")
  @Description("Order the victims were chosen in: slab, lru or caffeine")
  String policy;

  @Label("Cause")
  @Description("REQUEST (code, an operator, memory pressure) or MEMORY_CAP (an allocation at the"
      + " cap)")
  String cause;

  @Label("Slabs Freed")
  long slabsFreed;

  @Label("Objects Freed")
  long objectsFreed;

  @Label("Objects Scanned")
  @Description("Refcounts read to choose the victims")
  long objectsScanned;

  @Label("Reclaim Duration")
  @Timespan(Timespan.NANOSECONDS)
  long reclaimDuration;
}
