package dev.slabpool.jmx;

/**
 * The MXBean of one slab cache, {@code dev.slabpool:type=SlabCache,name=<cache>}: the fields of
 * its statistics snapshot (as {@code /proc/slabinfo} shows them), its slab map, its reclaim
 * settings, and reclaim as an operator action. It emits a {@value SlabpoolJmx#RECLAIM_NOTIFICATION}
 * notification per reclaim, with a {@link ReclaimInfo} as user data.
 *
 * <p>Each method is documented by its {@link Description}, which JMX clients show as well, with
 * the {@code units} of each count in its attribute's descriptor; the descriptor of
 * {@code Policy} has the {@code legalValues} this cache accepts. Every write of an attribute that
 * changes its value sends a {@link javax.management.AttributeChangeNotification}.
 *
 * <p>The MXBean holds its cache weakly. Once the cache is destroyed every call fails with an
 * {@link IllegalStateException} naming it, and the MXBean is unregistered.
 */
public interface SlabCacheMXBean {

  @Description("Name of the cache")
  String getName();

  @Description("Whether this is a keyed cache (a dentry-like index on a slab cache), whose reclaim"
      + " policy can be switched")
  boolean isKeyed();

  @Description("Whether the cache was built with the RECLAIM flag, so the allocator may free its"
      + " unused (refcount 1) objects")
  boolean isReclaimable();

  @Description(value = "Number of arenas (stripes of slab lists, like NUMA nodes)",
      units = "arenas")
  int getArenas();

  @Description(value = "Payload bytes per object (or the declared size estimate without payload)",
      units = "bytes")
  int getObjectSize();

  @Description(value = "Slots per slab", units = "objects")
  int getObjectsPerSlab();

  @Description(value = "Objects allocated and not on a free list (slabinfo active_objs)",
      units = "objects")
  long getActiveObjects();

  @Description(value = "Slots in all slabs (slabinfo num_objs)", units = "objects")
  long getTotalObjects();

  @Description(value = "Slabs with at least one active object (slabinfo active_slabs)",
      units = "slabs")
  long getActiveSlabs();

  @Description(value = "Slabs held (slabinfo num_slabs)", units = "slabs")
  long getTotalSlabs();

  @Description(value = "Slabs with some but not all slots allocated", units = "slabs")
  long getPartialSlabs();

  @Description(value = "Slabs with no slot allocated, kept for reuse until shrink()",
      units = "slabs")
  long getFreeSlabs();

  @Description(value = "Slabs with every slot allocated", units = "slabs")
  long getFullSlabs();

  @Description(value = "Slab memory held: TotalSlabs x ObjectsPerSlab x ObjectSize bytes",
      units = "bytes")
  long getBytesHeld();

  @Description(value = "Bytes the cached values ask for, in a payload cache's size class"
      + " (memcached's mem_requested): BytesHeld minus this is what rounding up to the slot size"
      + " and empty slots cost; -1 for a cache whose slots hold no values", units = "bytes")
  long getRequestedBytes();

  @Description("Allocated objects / (slabs x objectsPerSlab); 1.0 for a cache with no slabs")
  double getDensity();

  @Description(value = "Objects in use (refcount above 1): the allocator may not free them",
      units = "objects")
  long getPinnedObjects();

  @Description(value = "Occupancy histogram: element k = number of slabs with exactly k active"
      + " objects",
      units = "slabs")
  long[] getOccupancy();

  @Description(value = "Slabs given back by reclaim since the last resetStatistics()",
      units = "slabs")
  long getSlabsReclaimed();

  @Description(value = "Objects freed by reclaim since the last resetStatistics()",
      units = "objects")
  long getObjectsReclaimed();

  @Description(value = "Of ObjectsReclaimed, objects freed out of full slabs for circulation",
      units = "objects")
  long getCirculationFrees();

  @Description(value = "FREE requests the destructor declined since the last resetStatistics()",
      units = "objects")
  long getDestructorRefusals();

  @Description("Whether the cache can move its objects (keyed, or built with a mover): compact()"
      + " works")
  boolean isMovable();

  @Description(value = "Objects moved to another slab by compaction or reclaim since the last"
      + " resetStatistics()", units = "objects")
  long getObjectsMoved();

  @Description(value = "Moves the mover answered 'not needed' (the object was dropped; its"
      + " slot freed)",
      units = "objects")
  long getMovesNotNeeded();

  @Description(value = "Moves the mover answered 'later' (the object stayed)", units = "objects")
  long getMovesLater();

  @Description(value = "Moves the mover answered 'never' (the object stayed and pins its slab)",
      units = "objects")
  long getMovesNever();

  @Description(value = "Moves the mover answered 'don't know', or threw (the object stayed)",
      units = "objects")
  long getMovesDontKnow();

  @Description(value = "Of MovesDontKnow, calls of the mover that threw", units = "calls")
  long getMoverFailures();

  @Description("Every slab (serial, arena, active and pinned objects), oldest first: what a heat"
      + " map draws")
  SlabMapInfo getSlabMap();

  @Description("The statistics in one line, in the spirit of /proc/slabinfo")
  String getSlabInfo();

  @Description("Reclaim policy: slab (the allocator frees whole slabs), or on keyed caches hot"
      + " (slab order sparing hot entries), lru or caffeine (object-by-object baselines); the"
      + " descriptor's legalValues are the ones this cache accepts")
  String getPolicy();

  void setPolicy(String policy);

  @Description(value = "Unused objects freed from each full slab a slab reclaim cannot free"
      + " (circulation), 0 to ObjectsPerSlab", units = "objects")
  int getCirculation();

  void setCirculation(int objectsPerFullSlab);

  @Description(value = "Memory cap in slabs (9223372036854775807 = none); lowering it reclaims"
      + " down to it", units = "slabs")
  long getMemoryCap();

  void setMemoryCap(long slabs);

  @Description("Frees up to 'pages' slabs in the order of the reclaim policy (Long.MAX_VALUE:"
      + " everything reclaimable) and returns what was done")
  ReclaimInfo reclaim(
      @Description(name = "pages", value = "Number of slabs to free, 0 or more") long pages);

  @Description("Gives back every free slab, after draining the free lists; returns the number"
      + " given back")
  long shrink();

  @Description("Keyed caches, and slab caches built with a mover: moves unused objects out of the"
      + " sparsest slabs into the holes of denser ones, evicting nothing, and gives back the slabs"
      + " that empty; returns the number given back")
  long compact();

  @Description("Resets the cumulative reclaim counters")
  void resetStatistics();
}
