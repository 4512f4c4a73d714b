package dev.slabpool.jmx.pressure;

import dev.slabpool.ReclaimResult;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The kernel's shrinker on the JVM: when the tenured heap pool is above a threshold, reclaim a
 * fraction of the slabs of every reclaimable cache.
 *
 * <p>It sets the pool's collection usage threshold ({@link
 * MemoryPoolMXBean#setCollectionUsageThreshold}) to {@link #threshold()} x the pool's maximum and
 * listens for the memory MXBean's
 * {@link MemoryNotificationInfo#MEMORY_COLLECTION_THRESHOLD_EXCEEDED} notification, which the JVM
 * sends after each collection of the pool that leaves it above the threshold: live data the
 * collector could not free. Most collectors collect the old generation
 * only when it is full (and G1 before JDK 21 only in mixed and full collections), which can be
 * too late to give memory back; so it also sets the pool's usage threshold to the same value and
 * listens for {@link MemoryNotificationInfo#MEMORY_THRESHOLD_EXCEEDED}, which the JVM checks
 * after every collection, young ones included, and sends once per crossing.
 *
 * <p>The listener only hands the work to the {@code slabpool-shrinker} thread (one reclaim queued
 * at most), so the JVM's notification thread is never held up, and nothing it calls can throw
 * into the JVM. The reclaim itself runs at most once per {@link #minIntervalMillis()}; each one
 * is logged at INFO on the {@code System.Logger} named after this class, each crossing ignored
 * because of the rate limit at DEBUG.
 *
 * <p>The thresholds of a pool are settings of the whole JVM: while the trigger is on, it owns
 * them. {@link #close()} switches them off again.
 */
public final class MemoryPressure implements AutoCloseable {

  /** Default fraction of slabs reclaimed per crossing. */
  public static final double DEFAULT_FRACTION = 0.25;
  /** Default rate limit: one pressure reclaim per ten seconds. */
  public static final long DEFAULT_MIN_INTERVAL_MILLIS = 10_000;

  private static final System.Logger LOG = System.getLogger(MemoryPressure.class.getName());

  private final MemoryPoolMXBean pool;
  private final NotificationEmitter memory;
  private final NotificationListener listener = this::crossed;
  private final ExecutorService shrinker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "slabpool-shrinker");
    t.setDaemon(true);
    return t;
  });
  /** Set when a reclaim is queued and not started: further crossings are covered by it. */
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile double threshold;
  private volatile double fraction = DEFAULT_FRACTION;
  private volatile long minIntervalMillis = DEFAULT_MIN_INTERVAL_MILLIS;
  private final AtomicLong reclaims = new AtomicLong();
  private final AtomicLong slabsReclaimed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  /** When the last pressure reclaim started; only the shrinker thread reads and writes it. */
  private long lastReclaimNanos;
  private boolean reclaimedBefore;

  /**
   * Starts listening, with the trigger off ({@link #threshold()} 0) until a threshold is set.
   * Prefer {@code SlabpoolJmx.install().pressure()}, which makes one per JVM.
   */
  public MemoryPressure() {
    this.pool = tenuredPool().orElse(null);
    this.memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    memory.addNotificationListener(listener, null, null);
  }

  /**
   * The heap pool whose collection usage is watched: the tenured (old) generation, the heap pool
   * that supports both usage thresholds, which the young pools do not.
   */
  static Optional<MemoryPoolMXBean> tenuredPool() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
            && p.isCollectionUsageThresholdSupported())
        .min(Comparator.comparing(p -> p.getName().matches("(?i).*(old|tenured).*") ? 0 : 1));
  }

  /** The name of the watched pool; empty when the garbage collector offers none. */
  public Optional<String> poolName() {
    return Optional.ofNullable(pool).map(MemoryPoolMXBean::getName);
  }

  /** Fraction of the pool's maximum that, when used, triggers; 0 = off. */
  public double threshold() {
    return threshold;
  }

  /**
   * Sets the threshold: a fraction of the tenured pool's maximum; 0 switches the trigger off.
   *
   * @throws IllegalArgumentException if NaN, below 0 or above 1
   * @throws IllegalStateException if above 0 and the garbage collector has no pool to watch
   */
  public synchronized void threshold(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("pressure threshold must be between 0 (off) and 1: "
          + fraction);
    }
    if (pool == null) {
      if (fraction > 0) {
        throw new IllegalStateException("cannot set pressure threshold " + fraction + ": this"
            + " garbage collector has no heap pool with a collection usage threshold");
      }
      return;
    }
    long max = pool.getUsage().getMax();
    long limit = max >= 0 ? max : Runtime.getRuntime().maxMemory();
    // A positive threshold must not round down to 0 bytes, which would mean off.
    long bytes = fraction == 0 ? 0 : Math.max(1, (long) (limit * fraction));
    pool.setCollectionUsageThreshold(bytes);
    pool.setUsageThreshold(bytes);
    this.threshold = fraction;
    LOG.log(Level.INFO, () -> fraction == 0 ? "slabpool memory pressure trigger off"
        : String.format("slabpool memory pressure trigger on: %s above %.0f%% of %s"
            + " reclaims %.0f%% of the slabs of every reclaimable cache, at most"
            + " every %d ms", pool.getName(), fraction * 100, mib(limit), this.fraction * 100,
            minIntervalMillis));
  }

  /** Fraction of the slabs of every reclaimable cache reclaimed per crossing. */
  public double fraction() {
    return fraction;
  }

  /**
   * Sets the fraction of slabs reclaimed per crossing.
   *
   * @throws IllegalArgumentException if NaN, not above 0, or above 1
   */
  public void fraction(double fraction) {
    this.fraction = Shrinker.checkFraction("pressure fraction", fraction);
  }

  /** The rate limit: shortest time between two pressure reclaims. */
  public long minIntervalMillis() {
    return minIntervalMillis;
  }

  /**
   * Sets the rate limit.
   *
   * @throws IllegalArgumentException if negative
   */
  public void minIntervalMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("pressure minimum interval must not be negative: "
          + millis + " ms");
    }
    this.minIntervalMillis = millis;
  }

  /** Pressure reclaims run so far. */
  public long reclaims() {
    return reclaims.get();
  }

  /** Slabs those reclaims gave back. */
  public long slabsReclaimed() {
    return slabsReclaimed.get();
  }

  /** Crossings ignored because of the rate limit. */
  public long skipped() {
    return skipped.get();
  }

  /** Runs on the JVM's notification thread: only hands over, and never throws. */
  private void crossed(Notification n, Object handback) {
    try {
      boolean afterCollection =
          MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType());
      if (threshold == 0 || pool == null || !(afterCollection
          || MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType()))) {
        return;
      }
      MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) n.getUserData());
      if (pool.getName().equals(info.getPoolName()) && queued.compareAndSet(false, true)) {
        shrinker.execute(() -> relieve(info, afterCollection));
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "slabpool memory pressure: cannot handle " + n, t);
    }
  }

  /** Runs on the shrinker thread. */
  private void relieve(MemoryNotificationInfo info, boolean afterCollection) {
    queued.set(false); // a crossing from now on queues the next run (the rate limit decides)
    try {
      long start = System.nanoTime();
      if (reclaimedBefore
          && start - lastReclaimNanos < TimeUnit.MILLISECONDS.toNanos(minIntervalMillis)) {
        skipped.incrementAndGet();
        LOG.log(Level.DEBUG, () -> "slabpool memory pressure: " + info.getPoolName() + " at "
            + mib(info.getUsage().getUsed()) + "; last reclaim less than " + minIntervalMillis
            + " ms ago, skipped");
        return;
      }
      reclaimedBefore = true;
      lastReclaimNanos = start;
      double f = fraction;
      List<ReclaimResult> results = Shrinker.reclaim(f);
      long slabs = results.stream().mapToLong(ReclaimResult::slabsFreed).sum();
      long objects = results.stream().mapToLong(ReclaimResult::objectsFreed).sum();
      slabsReclaimed.addAndGet(slabs);
      reclaims.incrementAndGet();
      LOG.log(Level.INFO, () -> String.format("slabpool memory pressure: %s at %s of %s %s"
          + " (threshold %.0f%%): reclaimed %.0f%% of the slabs of %d caches, %d slabs and %d"
          + " objects freed in %.1f ms", info.getPoolName(), mib(info.getUsage().getUsed()),
          mib(info.getUsage().getMax()), afterCollection ? "after a collection" : "in use",
          threshold * 100, f * 100, results.size(), slabs, objects,
          (System.nanoTime() - start) / 1e6));
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "slabpool memory pressure: reclaim failed", t);
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }

  /**
   * Stops listening, switches the pool's thresholds off, and stops the shrinker thread, waiting up
   * to ten seconds for a pressure reclaim under way to finish.
   */
  @Override
  public synchronized void close() {
    try {
      memory.removeNotificationListener(listener);
    } catch (ListenerNotFoundException e) {
      // already removed
    }
    if (pool != null && threshold > 0) {
      pool.setCollectionUsageThreshold(0);
      pool.setUsageThreshold(0);
      threshold = 0;
    }
    shrinker.shutdown();
    try {
      if (!shrinker.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "slabpool memory pressure: a reclaim is still running after 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
