package dev.slabpool.jmx;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheStats;
import java.lang.ref.WeakReference;
import dev.slabpool.KeyedCache;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.ObjectName;

/**
 * The MXBean of one cache. It holds the cache weakly, so that it never keeps a cache alive, and
 * turns the cache's reclaims into notifications.
 *
 * <p>Notifications: every {@code REQUEST} reclaim gets its own. A capped cache under load makes
 * a {@code MEMORY_CAP} reclaim on many allocations; those are summed and sent as one notification
 * per {@link #CAP_NOTIFICATION_INTERVAL_MILLIS} at most, whose {@code reclaims} item says how many
 * it covers. Notifications are delivered on the installation's notifier thread, never on the
 * reclaiming (allocating) thread.
 */
final class SlabCacheBean implements KeyedCacheMXBean, DescribedMBean.Snapshots,
    DescribedMBean.LegalValues {

  /** Shortest time between two notifications summing memory-cap reclaims of one cache. */
  static final long CAP_NOTIFICATION_INTERVAL_MILLIS = 1000;

  private final String name;
  /** The policy ids the cache accepts, kept so the MBean info needs no live cache. */
  private final List<String> policies;
  private final WeakReference<ManagedCache> cache;
  private final ObjectName objectName;
  private final ScheduledExecutorService notifier;
  private final Notifier emitter;
  private final Consumer<SlabCacheBean> gone;
  /** The snapshot shared by the getters of one getAttributes request, on its thread. */
  private final ThreadLocal<SlabCacheStats> shared = new ThreadLocal<>();

  // Memory-cap reclaims summed since the last notification; guarded by capSum.
  private final Object capSum = new Object();
  private ReclaimPolicy capPolicy;
  private long capReclaims;
  private long capSlabs;
  private long capObjects;
  private long capScanned;
  private long capNanos;

  /**
   * @param gone told when a call finds the cache destroyed or collected, to unregister this
   */
  SlabCacheBean(ManagedCache cache, ObjectName objectName, ScheduledExecutorService notifier,
      Consumer<SlabCacheBean> gone) {
    this.name = cache.name();
    this.policies = cache.policies().stream().map(ReclaimPolicy::id).toList();
    this.gone = gone;
    this.cache = new WeakReference<>(cache);
    this.objectName = objectName;
    this.notifier = notifier;
    this.emitter = new Notifier(notifier, new MBeanNotificationInfo(
        new String[] {SlabpoolJmx.RECLAIM_NOTIFICATION}, Notification.class.getName(),
        "A reclaim of this cache; user data: its ReclaimInfo (memory-cap reclaims summed,"
            + " at most one notification per second)"));
  }

  Notifier emitter() {
    return emitter;
  }

  /**
   * The MXBean interface this cache is registered with: {@link KeyedCacheMXBean} for a keyed
   * cache that counts its lookups, {@link SlabCacheMXBean} otherwise.
   */
  static Class<? extends SlabCacheMXBean> interfaceFor(ManagedCache cache) {
    return cache instanceof KeyedCache<?, ?> k && k.hitCount() >= 0 ? KeyedCacheMXBean.class
        : SlabCacheMXBean.class;
  }

  ObjectName objectName() {
    return objectName;
  }

  /** The live cache, or a clear error. */
  private ManagedCache cache() {
    ManagedCache c = cache.get();
    if (c == null || c.isDestroyed()) {
      gone.accept(this);
      throw new IllegalStateException("cache '" + name + "' "
          + (c == null ? "no longer exists: it was garbage collected" : "is destroyed"));
    }
    return c;
  }

  private SlabCacheStats stats() {
    SlabCacheStats s = shared.get();
    return s != null ? s : cache().stats();
  }

  @Override
  public <R> R sharingSnapshot(Supplier<R> reads) {
    ManagedCache c = cache.get();
    if (c == null || c.isDestroyed()) {
      return reads.get(); // each getter reports the clear error
    }
    shared.set(c.stats());
    try {
      return reads.get();
    } finally {
      shared.remove();
    }
  }

  // ---- notifications ---------------------------------------------------------------------------

  /** Called on the reclaiming thread for every reclaim of this cache: must be quick. */
  void reclaimed(ReclaimResult r) {
    if (r.cause() == ReclaimResult.Cause.REQUEST) {
      send(ReclaimInfo.of(r));
      return;
    }
    boolean first;
    synchronized (capSum) {
      first = capReclaims == 0;
      capPolicy = r.policy();
      capReclaims++;
      capSlabs += r.slabsFreed();
      capObjects += r.objectsFreed();
      capScanned += r.objectsScanned();
      capNanos += r.nanos();
    }
    if (first) {
      notifier.schedule(this::sendCapSum, CAP_NOTIFICATION_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void sendCapSum() {
    ReclaimInfo sum;
    synchronized (capSum) {
      sum = new ReclaimInfo(name, capPolicy.id(), ReclaimResult.Cause.MEMORY_CAP.name(), capSlabs,
          capObjects, capScanned, capNanos, capReclaims);
      capReclaims = capSlabs = capObjects = capScanned = capNanos = 0;
    }
    send(sum);
  }

  private void send(ReclaimInfo info) {
    Notification n = new Notification(SlabpoolJmx.RECLAIM_NOTIFICATION, objectName,
        emitter.nextSequence(), System.currentTimeMillis(), info.toString());
    n.setUserData(info.toCompositeData());
    emitter.sendNotification(n);
  }

  // ---- attributes ------------------------------------------------------------------------------

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isKeyed() {
    return cache().isKeyed();
  }

  @Override
  public boolean isReclaimable() {
    return cache().isReclaimable();
  }

  @Override
  public int getArenas() {
    return stats().arenas();
  }

  @Override
  public int getObjectSize() {
    return stats().objectSize();
  }

  @Override
  public int getObjectsPerSlab() {
    return stats().objectsPerSlab();
  }

  @Override
  public long getActiveObjects() {
    return stats().activeObjects();
  }

  @Override
  public long getTotalObjects() {
    return stats().totalObjects();
  }

  @Override
  public long getActiveSlabs() {
    return stats().activeSlabs();
  }

  @Override
  public long getTotalSlabs() {
    return stats().totalSlabs();
  }

  @Override
  public long getPartialSlabs() {
    return stats().partialSlabs();
  }

  @Override
  public long getFreeSlabs() {
    return stats().freeSlabs();
  }

  @Override
  public long getFullSlabs() {
    return stats().fullSlabs();
  }

  @Override
  public long getBytesHeld() {
    return stats().bytesHeld();
  }

  @Override
  public long getRequestedBytes() {
    return stats().requestedBytes();
  }

  @Override
  public double getDensity() {
    return stats().density();
  }

  @Override
  public long getPinnedObjects() {
    return stats().pinnedObjects();
  }

  @Override
  public long[] getOccupancy() {
    return stats().occupancy();
  }

  @Override
  public long getSlabsReclaimed() {
    return stats().slabsReclaimed();
  }

  @Override
  public long getObjectsReclaimed() {
    return stats().objectsReclaimed();
  }

  @Override
  public long getCirculationFrees() {
    return stats().circulationFrees();
  }

  @Override
  public long getDestructorRefusals() {
    return stats().destructorRefusals();
  }

  @Override
  public boolean isMovable() {
    return cache().isMovable();
  }

  @Override
  public long getObjectsMoved() {
    return stats().moves().moved();
  }

  @Override
  public long getMovesNotNeeded() {
    return stats().moves().notNeeded();
  }

  @Override
  public long getMovesLater() {
    return stats().moves().later();
  }

  @Override
  public long getMovesNever() {
    return stats().moves().never();
  }

  @Override
  public long getMovesDontKnow() {
    return stats().moves().dontKnow();
  }

  @Override
  public long getMoverFailures() {
    return stats().moves().threw();
  }

  @Override
  public SlabMapInfo getSlabMap() {
    return SlabMapInfo.of(cache().slabMap());
  }

  @Override
  public String getSlabInfo() {
    return stats().toString();
  }

  @Override
  public long getHitCount() {
    return keyed().hitCount();
  }

  @Override
  public long getMissCount() {
    return keyed().missCount();
  }

  /** The keyed cache; only the {@link KeyedCacheMXBean} attributes call this. */
  private KeyedCache<?, ?> keyed() {
    if (cache() instanceof KeyedCache<?, ?> k) {
      return k;
    }
    throw new IllegalStateException("cache '" + name + "' is not keyed: it counts no lookups");
  }

  // ---- settings --------------------------------------------------------------------------------

  @Override
  public String getPolicy() {
    return cache().policy().id();
  }

  @Override
  public void setPolicy(String policy) {
    cache().policy(ReclaimPolicy.parse(policy));
  }

  /** The policy ids this cache accepts (see {@link ManagedCache#policies()}). */
  @Override
  public List<String> legalValues(String attribute) {
    if (!attribute.equals("Policy")) {
      return List.of();
    }
    return policies;
  }

  @Override
  public int getCirculation() {
    return cache().circulation();
  }

  @Override
  public void setCirculation(int objectsPerFullSlab) {
    cache().circulation(objectsPerFullSlab);
  }

  @Override
  public long getMemoryCap() {
    return cache().memoryCap();
  }

  @Override
  public void setMemoryCap(long slabs) {
    cache().memoryCap(slabs);
  }

  // ---- operations ------------------------------------------------------------------------------

  @Override
  public ReclaimInfo reclaim(long pages) {
    return ReclaimInfo.of(cache().reclaim(pages));
  }

  @Override
  public long shrink() {
    return cache().shrink();
  }

  @Override
  public long compact() {
    ManagedCache c = cache();
    if (!c.isMovable()) {
      throw new IllegalArgumentException("cache '" + name + "' cannot move its objects: it is"
          + " neither keyed nor built with a mover");
    }
    return c.compact().slabsFreed();
  }

  @Override
  public void resetStatistics() {
    cache().resetStatistics();
  }
}
