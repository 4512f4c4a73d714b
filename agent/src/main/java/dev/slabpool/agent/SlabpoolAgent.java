package dev.slabpool.agent;

import dev.slabpool.agent.expose.Exposure;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.agent.weave.PooledTypeWeaver;
import dev.slabpool.jmx.settings.Configuration;
import dev.slabpool.jmx.settings.Settings;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * The slabpool agent: {@code -javaagent:slabpool-agent.jar[=key=value,...]} at start-up, or
 * loaded into a running JVM through the Attach API (the command line does that).
 *
 * <p>The first installation registers the weaver of {@code @PooledType} classes (at once, before
 * the application's classes load), creates the pin tracer, and exposes the caches (see
 * {@link Exposure}). At start-up the exposure runs on a daemon thread, so that the application's
 * {@code main} is not delayed by JMX; when attached it runs before {@code agentmain} returns, so
 * that the MBeans are there when the attaching tool looks. A second installation (another attach)
 * applies only the options its arguments give.
 *
 * <p>The agent classes are loaded by the system class loader and use the application's
 * {@code dev.slabpool} classes found there; the agent jar brings no copy of them.
 */
public final class SlabpoolAgent {

  /**
   * The system property the agent sets, to its version, as soon as it weaves; the pool reads it
   * to explain why a {@code @PooledType} class was not woven.
   */
  public static final String PROPERTY = "dev.slabpool.agent";

  private static final String POOL_CLASS = "dev.slabpool.SlabCacheRegistry";
  private static final long EXPOSE_PATIENCE_SECONDS = 60;

  private static final Object LOCK = new Object();
  /** Opened once the first installation has exposed the caches (or found nothing to expose). */
  private static final CountDownLatch EXPOSED = new CountDownLatch(1);
  private static Exposure exposure; // guarded by LOCK
  private static boolean installed; // guarded by LOCK

  private SlabpoolAgent() {}

  /** Entry point of {@code -javaagent}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    install(arguments, instrumentation, true);
  }

  /** Entry point of a dynamic attach. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    install(arguments, instrumentation, false);
  }

  private static void install(String arguments, Instrumentation instrumentation,
      boolean atStart) {
    // Whatever happens here, the application carries on.
    try {
      boolean first;
      synchronized (LOCK) {
        first = !installed;
        installed = true;
      }
      // The first installation takes every source; a later one only what it is given, so that
      // attaching again never resets what an operator changed since.
      Configuration config = first ? Configuration.ofJvm(arguments, AgentLog.WARNINGS)
          : Configuration.fromAgentArguments(arguments, AgentLog.WARNINGS);
      if (config.isGiven(Settings.VERBOSE)) {
        AgentLog.verbose(config.get(Settings.VERBOSE));
      }
      if (!first) {
        // Again: wait for the first installation to finish exposing, then add to it.
        if (!EXPOSED.await(EXPOSE_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
          AgentLog.warn("the first installation is still exposing the caches; ignored: "
              + config);
          return;
        }
        synchronized (LOCK) {
          if (exposure != null) {
            exposure.apply(config, false);
          }
        }
        AgentLog.detail("attached again; applied: " + config);
        return;
      }
      // The agent injects no classes, so its Byte Buddy needs no sun.misc.Unsafe, whose use JDK
      // 24+ reports on the application's standard error. (The shaded jar relocates this name:
      // only the agent's own copy of Byte Buddy reads it.)
      if (System.getProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY) == null) {
        System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
      }
      PooledTypeWeaver.install(instrumentation);
      String version = SlabpoolAgent.class.getPackage().getImplementationVersion();
      System.setProperty(PROPERTY, version == null ? "dev" : version);
      if (!atStart) {
        PooledTypeWeaver.reportLoadedTooEarly(instrumentation.getAllLoadedClasses());
      }
      if (!poolVisible()) {
        AgentLog.warn("no slabpool pool classes on the system class path (" + POOL_CLASS
            + "): only @PooledType weaving is active; MBeans, tracing and policies need"
            + " slabpool-pool on the class path");
        EXPOSED.countDown();
        return;
      }
      if (atStart) {
        Thread expose = new Thread(new Exposer(instrumentation, config), "slabpool-agent");
        expose.setDaemon(true);
        expose.start();
      } else {
        expose(instrumentation, config);
      }
    } catch (Throwable t) {
      EXPOSED.countDown(); // nobody waits for an installation that failed
      AgentLog.warn("the agent failed to start; the application carries on without it", t);
    }
  }

  /** The start-up thread's work (a class, not a lambda: premain avoids lambda bootstraps). */
  private record Exposer(Instrumentation instrumentation, Configuration config) implements Runnable {
    @Override
    public void run() {
      expose(instrumentation, config);
    }
  }

  private static void expose(Instrumentation instrumentation, Configuration config) {
    try {
      synchronized (LOCK) {
        exposure = new Exposure(PinTracer.install(instrumentation));
        exposure.apply(config, true);
      }
      AgentLog.detail("installed; weaving @PooledType classes; applied: " + config);
    } catch (Throwable t) {
      AgentLog.warn("could not expose the caches; the application carries on", t);
    } finally {
      EXPOSED.countDown();
    }
  }

  private static boolean poolVisible() {
    try {
      Class.forName(POOL_CLASS, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
