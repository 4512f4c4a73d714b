package dev.slabpool.jmx.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** {@value #NAME}: periodic, one per live cache: its density and slab counts. */
@Name(CacheDensityEvent.NAME)
@Label("Slab Cache Density")
@Category({"slabpool"})
@Description("Allocated objects / (slabs x objects per slab) of a slab cache, with its slab"
    + " counts")
@Period("5 s")
@StackTrace(false)
public final class CacheDensityEvent extends Event {
  /** The event name. */
  public static final String NAME = "dev.slabpool.CacheDensity";

  @Label("Cache")
  String cache;

  @Label("Density")
  @Percentage
  double density;

  @Label("Active Objects")
  long activeObjects;

  @Label("Total Objects")
  long totalObjects;

  @Label("Pinned Objects")
  @Description("Objects in use (refcount above 1)")
  long pinnedObjects;

  @Label("Total Slabs")
  long totalSlabs;

  @Label("Partial Slabs")
  long partialSlabs;

  @Label("Free Slabs")
  long freeSlabs;

  @Label("Full Slabs")
  long fullSlabs;

  @Label("Bytes Held")
  @DataAmount
  long bytesHeld;

  @Label("Requested Bytes")
  @Description("Bytes the cached values of a payload cache's size class ask for; -1 for a cache"
      + " whose slots hold no values")
  @DataAmount
  long requestedBytes;
}
