package dev.slabpool.jmx;

import dev.slabpool.jmx.client.SlabpoolClient;
import dev.slabpool.jmx.jfr.SlabpoolJfr;
import dev.slabpool.jmx.pressure.MemoryPressure;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * The operator surface of slabpool, installed once per JVM: the MXBeans on the platform
 * MBeanServer (one {@link SlabCacheMXBean} per live cache, appearing and disappearing with the
 * caches, and the {@link SlabAllocatorMXBean}), the {@link MemoryPressure} trigger, and the JFR
 * events when the JVM has JFR.
 *
 * <pre>{@code
 * SlabpoolJmx jmx = SlabpoolJmx.install();      // idempotent
 * jmx.pressure().fraction(0.25);
 * jmx.pressure().threshold(0.80);               // reclaim when the old generation stays above 80%
 * }</pre>
 *
 * <p>Memory pressure starts from these system properties, when set: {@code
 * slabpool.pressure.threshold} (default 0, off), {@code slabpool.pressure.fraction} (default
 * 0.25) and {@code slabpool.pressure.minIntervalMillis} (default 10000).
 *
 * <p>It opens no port: JMX clients reach the MXBeans through the JVM's own connectors (the local
 * one JConsole attaches to by pid, or a remote one configured on the command line or by the
 * slabpool agent).
 */
public final class SlabpoolJmx implements AutoCloseable {

  /** The JMX domain of every slabpool MXBean ({@link SlabpoolClient#DOMAIN}). */
  public static final String DOMAIN = SlabpoolClient.DOMAIN;
  /** The notification type of a reclaim; its user data is a {@link ReclaimInfo}. */
  public static final String RECLAIM_NOTIFICATION = "dev.slabpool.reclaim";
  /** The object name of the allocator MXBean ({@link SlabpoolClient#ALLOCATOR}). */
  public static final ObjectName ALLOCATOR = SlabpoolClient.ALLOCATOR;

  private static SlabpoolJmx installed;

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final ScheduledThreadPoolExecutor notifier;
  private final MemoryPressure pressure;
  private final CacheBeans caches;
  /** Stops the JFR events; {@code null} without JFR (jdk.jfr types are touched only with it). */
  private Runnable stopJfr;
  private boolean closed;

  private SlabpoolJmx() {
    notifier = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "slabpool-jmx-notifier");
      t.setDaemon(true);
      return t;
    });
    // The thread exists only while notifications flow.
    notifier.setKeepAliveTime(10, TimeUnit.SECONDS);
    notifier.allowCoreThreadTimeOut(true);
    pressure = new MemoryPressure();
    caches = new CacheBeans(server, notifier);
  }

  /**
   * The object name of a cache's MXBean: {@code dev.slabpool:type=SlabCache,name=<cache>}, as
   * {@link SlabpoolClient#cacheObjectName(String)} builds it.
   */
  public static ObjectName cacheObjectName(String cache) {
    return SlabpoolClient.cacheObjectName(cache);
  }

  /**
   * Installs the MXBeans, the memory-pressure trigger and the JFR events, unless they are
   * installed already; returns the installation either way.
   *
   * @throws IllegalArgumentException naming a memory-pressure system property with a bad value
   */
  public static synchronized SlabpoolJmx install() {
    if (installed == null) {
      SlabpoolJmx jmx = new SlabpoolJmx();
      try {
        jmx.start();
      } catch (RuntimeException | JMException e) {
        jmx.close();
        throw e instanceof RuntimeException r ? r
            : new IllegalStateException("cannot register " + ALLOCATOR, e);
      }
      installed = jmx;
    }
    return installed;
  }

  private void start() throws JMException {
    configure("slabpool.pressure.fraction", v -> pressure.fraction(Double.parseDouble(v)));
    configure("slabpool.pressure.minIntervalMillis",
        v -> pressure.minIntervalMillis(Long.parseLong(v)));
    configure("slabpool.pressure.threshold", v -> pressure.threshold(Double.parseDouble(v)));
    server.registerMBean(new DescribedMBean<>(new SlabAllocatorBean(pressure),
        SlabAllocatorMXBean.class, "The slab allocator of this JVM: totals, reclaim across caches"
            + " and the memory-pressure trigger", new NotificationBroadcasterSupport()),
        ALLOCATOR);
    caches.start();
    if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
      stopJfr = SlabpoolJfr.install()::close;
    }
  }

  private static void configure(String property, Consumer<String> setter) {
    String value = System.getProperty(property);
    if (value != null) {
      try {
        setter.accept(value.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("system property " + property + "=" + value + ": "
            + (e instanceof NumberFormatException ? "not a number" : e.getMessage()), e);
      }
    }
  }

  /** The memory-pressure trigger, also read and set through the allocator MXBean. */
  public MemoryPressure pressure() {
    return pressure;
  }

  /**
   * Unregisters every slabpool MXBean, switches memory pressure off and stops the JFR events. A
   * later {@link #install()} installs afresh.
   */
  @Override
  public void close() {
    synchronized (SlabpoolJmx.class) {
      if (closed) {
        return;
      }
      closed = true;
      if (installed == this) {
        installed = null;
      }
    }
    caches.close();
    try {
      server.unregisterMBean(ALLOCATOR);
    } catch (InstanceNotFoundException e) {
      // not registered (install failed before) or unregistered by somebody else
    } catch (JMException e) {
      throw new IllegalStateException("cannot unregister " + ALLOCATOR, e);
    } finally {
      pressure.close();
      if (stopJfr != null) {
        stopJfr.run();
      }
      notifier.shutdownNow();
    }
  }
}
