package dev.slabpool.jmx;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers an MXBean for each live cache and unregisters it when the cache goes. */
final class CacheBeans implements CacheTracker.Handler<SlabCacheBean> {
  private static final System.Logger LOG = System.getLogger(CacheBeans.class.getName());

  private final MBeanServer server;
  private final ScheduledExecutorService notifier;
  private final CacheTracker<SlabCacheBean> tracker = new CacheTracker<>(this);

  CacheBeans(MBeanServer server, ScheduledExecutorService notifier) {
    this.server = server;
    this.notifier = notifier;
  }

  /** Starts following the registry. */
  void start() {
    tracker.start();
  }

  @Override
  public SlabCacheBean added(ManagedCache cache) {
    ObjectName name = SlabpoolJmx.cacheObjectName(cache.name());
    // An MXBean that finds its cache destroyed or collected has the tracker drop it at once.
    SlabCacheBean bean = new SlabCacheBean(cache, name, notifier,
        gone -> tracker.refresh(gone.getName()));
    try {
      server.registerMBean(describe(bean, SlabCacheBean.interfaceFor(cache),
          "Slab cache '" + cache.name() + "': statistics, reclaim settings and reclaim"), name);
      return bean;
    } catch (JMException e) {
      LOG.log(Level.WARNING, "slabpool: cannot register the MXBean of cache '" + cache.name()
          + "' as " + name, e);
      return null;
    }
  }

  /** The bean as an MXBean of {@code type}, one of the interfaces it implements. */
  private static <T extends SlabCacheMXBean> DescribedMBean<T> describe(SlabCacheBean bean,
      Class<T> type, String description) {
    return new DescribedMBean<>(type.cast(bean), type, description, bean.emitter());
  }

  @Override
  public void removed(SlabCacheBean bean) {
    try {
      server.unregisterMBean(bean.objectName());
    } catch (InstanceNotFoundException e) {
      // somebody unregistered it already
    } catch (JMException e) {
      LOG.log(Level.WARNING, "slabpool: cannot unregister " + bean.objectName(), e);
    }
  }

  @Override
  public void reclaimed(SlabCacheBean bean, ReclaimResult result) {
    bean.reclaimed(result);
  }

  /** Stops following the registry and unregisters every cache MXBean. */
  void close() {
    tracker.close();
  }
}
