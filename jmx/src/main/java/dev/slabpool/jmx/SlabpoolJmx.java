package dev.slabpool.jmx;

import dev.slabpool.jmx.client.SlabpoolClient;
import dev.slabpool.jmx.jfr.SlabpoolJfr;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.jmx.settings.Configuration;
import dev.slabpool.jmx.settings.PressureSettings;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
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
 * <p>Memory pressure starts from the settings {@code pressure.threshold} (default 0, off),
 * {@code pressure.fraction} (default 0.25) and {@code pressure.minIntervalMillis} (default 10000),
 * when set as system properties ({@code -Dslabpool.pressure.threshold=0.8}), environment variables
 * ({@code SLABPOOL_PRESSURE_THRESHOLD}) or in the file named by {@code slabpool.config} (see
 * {@link dev.slabpool.jmx.settings.Settings}). A bad value is logged as a warning, naming it, and
 * the default is kept.
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

  private static final System.Logger LOG = System.getLogger(SlabpoolJmx.class.getName());

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
   * installed already; returns the installation either way. A new installation takes its
   * memory-pressure settings from the system properties, the environment and the config file they
   * name ({@link Configuration#ofJvm}); their problems are logged as warnings on the
   * {@code System.Logger} named after this class, and never make it fail.
   *
   * @throws IllegalStateException if the allocator MXBean cannot be registered
   */
  public static synchronized SlabpoolJmx install() {
    if (installed == null) {
      installed = start(Configuration.ofJvm(null, SlabpoolJmx::warn));
    }
    return installed;
  }

  /**
   * Installs the MXBeans, the memory-pressure trigger and the JFR events unless they are
   * installed already, then applies the memory-pressure settings the configuration gives (those a
   * source gave, and only those) to the installation, new or not. This is how the agent installs:
   * its configuration already holds the system properties, the environment and the config file.
   *
   * @param settings resolved settings; their warning sink receives the problems of applying them
   * @throws IllegalStateException if the allocator MXBean cannot be registered
   */
  public static synchronized SlabpoolJmx install(Configuration settings) {
    if (installed == null) {
      installed = start(settings);
    } else {
      PressureSettings.apply(settings, installed.pressure);
    }
    return installed;
  }

  private static SlabpoolJmx start(Configuration settings) {
    SlabpoolJmx jmx = new SlabpoolJmx();
    try {
      PressureSettings.apply(settings, jmx.pressure);
      jmx.register();
      return jmx;
    } catch (RuntimeException | JMException e) {
      jmx.close();
      throw e instanceof RuntimeException r ? r
          : new IllegalStateException("cannot register " + ALLOCATOR, e);
    }
  }

  private static void warn(String message) {
    LOG.log(Level.WARNING, "slabpool: " + message);
  }

  private void register() throws JMException {
    server.registerMBean(new DescribedMBean<>(new SlabAllocatorBean(pressure),
        SlabAllocatorMXBean.class, "The slab allocator of this JVM: totals, reclaim across caches"
            + " and the memory-pressure trigger", new Notifier(notifier)),
        ALLOCATOR);
    caches.start();
    if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
      stopJfr = SlabpoolJfr.install()::close;
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
