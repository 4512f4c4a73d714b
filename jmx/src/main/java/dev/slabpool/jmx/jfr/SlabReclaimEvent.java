package dev.slabpool.jmx.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The fields of a reclaim event, whichever its cause ({@link ReclaimEvent},
 * {@link MemoryCapReclaimEvent}). The event begins before the reclaim does any work and is
 * committed when it finished, so its duration is the reclaim's and a {@code threshold} setting
 * keeps only the slow ones.
 */
@Category({"slabpool"})
@StackTrace(false)
@Threshold("0 ms")
public abstract class SlabReclaimEvent extends Event {

  /** For the subclasses. */
  SlabReclaimEvent() {}

  @Label("Cache")
  String cache;

  @Label("Policy")
  @Description("Order the victims were chosen in: slab, hot, lru or caffeine")
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
  @Description("The time the cache measured for its reclaim, within the event's duration")
  @Timespan(Timespan.NANOSECONDS)
  long reclaimDuration;
}
