package dev.slabpool.agent.expose;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.agent.AgentLog;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.agent.trace.PinTracerJmx;
import dev.slabpool.jmx.DefaultPolicy;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.jmx.settings.CacheSelection;
import dev.slabpool.jmx.settings.Configuration;
import dev.slabpool.jmx.settings.MBeanExposure;
import dev.slabpool.jmx.settings.PressureSettings;
import dev.slabpool.jmx.settings.Settings;

/**
 * What the agent makes of the application's caches for operators: the MBeans of the jmx module
 * and the pin tracer's, the remote connector, memory pressure and the default reclaim policy.
 *
 * <p>Each step is applied on its own and a failure only costs that step (with a warning). The
 * first installation applies every setting; a later attach applies only the settings it gives,
 * so attaching again is harmless and can add a remote connector or change a setting.
 */
public final class Exposure {
  private final PinTracer tracer;
  private SlabpoolJmx jmx;
  /** Memory pressure without MBeans, for {@code jmx=none}. */
  private MemoryPressure standalonePressure;
  private boolean remoteStarted;
  private DefaultPolicy defaultPolicy;

  /** Exposure for a JVM whose tracer is {@code tracer}. */
  public Exposure(PinTracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Applies a configuration.
   *
   * @param everything whether to apply every setting (first installation) or only those given
   */
  public synchronized void apply(Configuration config, boolean everything) {
    MBeanExposure exposure = config.get(Settings.JMX);
    boolean pressureApplied = false;
    if (everything || config.isGiven(Settings.JMX)) {
      if (exposure == MBeanExposure.NONE) {
        if (jmx != null) {
          AgentLog.warn("jmx=none ignored: the MBeans are registered already");
        }
      } else {
        // install(config) applies the memory-pressure settings, to a new installation or not.
        pressureApplied = true;
        step("register the slabpool MBeans", () -> {
          jmx = SlabpoolJmx.install(config);
          PinTracerJmx.register(tracer);
        });
      }
      if (exposure == MBeanExposure.REMOTE && !remoteStarted) {
        step("start the remote JMX connector",
            () -> remoteStarted = RemoteConnector.start(config).isPresent());
      }
    }
    if (!pressureApplied && PressureSettings.anyGiven(config)) {
      step("apply the memory-pressure settings",
          () -> PressureSettings.apply(config, pressure()));
    }
    String policyName = config.get(Settings.POLICY);
    if (policyName != null) {
      ReclaimPolicy policy = ReclaimPolicy.parse(policyName);
      step("set the default reclaim policy", () -> {
        if (defaultPolicy == null) {
          defaultPolicy = new DefaultPolicy(policy, AgentLog::warn);
          defaultPolicy.start();
        } else {
          defaultPolicy.change(policy);
        }
      });
    }
    CacheSelection trace = config.get(Settings.TRACE);
    if (config.isGiven(Settings.TRACE_DEPTH)) {
      step("set the call site depth",
          () -> tracer.setCallSiteDepth(config.get(Settings.TRACE_DEPTH)));
    }
    if (trace != null) {
      step("turn pin tracing on", () -> tracer.trace(trace.all(), trace.names()));
    }
  }

  private MemoryPressure pressure() {
    if (jmx != null) {
      return jmx.pressure();
    }
    if (standalonePressure == null) {
      standalonePressure = new MemoryPressure();
    }
    return standalonePressure;
  }

  /** A step that may fail on its own. */
  private interface Step {
    void run() throws Exception;
  }

  private static void step(String what, Step step) {
    try {
      step.run();
    } catch (Throwable t) {
      AgentLog.warn("could not " + what, t);
    }
  }
}
