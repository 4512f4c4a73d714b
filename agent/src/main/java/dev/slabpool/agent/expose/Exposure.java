package dev.slabpool.agent.expose;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.agent.AgentConfig;
import dev.slabpool.agent.AgentLog;
import dev.slabpool.agent.Option;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.agent.trace.PinTracerJmx;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.jmx.pressure.MemoryPressure;
import java.util.function.BiConsumer;

/**
 * What the agent makes of the application's caches for operators: the MBeans of the jmx module
 * and the pin tracer's, the remote connector, memory pressure and the default reclaim policy.
 *
 * <p>Each step is applied on its own and a failure only costs that step (with a warning). The
 * first installation applies every option; a later attach applies only the options it gives, so
 * attaching again is harmless and can add a remote connector or change a setting.
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
   * @param everything whether to apply every option (first installation) or only those given
   */
  public synchronized void apply(AgentConfig config, boolean everything) {
    Option.Exposure exposure = config.get(Option.JMX);
    if (everything || config.isGiven(Option.JMX)) {
      if (exposure == Option.Exposure.NONE) {
        if (jmx != null) {
          AgentLog.warn("jmx=none ignored: the MBeans are registered already");
        }
      } else {
        step("register the slabpool MBeans", () -> {
          jmx = SlabpoolJmx.install();
          PinTracerJmx.register(tracer);
        });
      }
      if (exposure == Option.Exposure.REMOTE && !remoteStarted) {
        step("start the remote JMX connector",
            () -> remoteStarted = RemoteConnector.start(config).isPresent());
      }
    }
    applyPressure(config);
    String policyName = config.get(Option.POLICY);
    if (policyName != null) {
      ReclaimPolicy policy = ReclaimPolicy.parse(policyName);
      step("set the default reclaim policy", () -> {
        if (defaultPolicy == null) {
          defaultPolicy = new DefaultPolicy(policy);
          defaultPolicy.start();
        } else {
          defaultPolicy.change(policy);
        }
      });
    }
    Option.CacheSelection trace = config.get(Option.TRACE);
    if (config.isGiven(Option.TRACE_DEPTH)) {
      step("set the call site depth",
          () -> tracer.setCallSiteDepth(config.get(Option.TRACE_DEPTH)));
    }
    if (trace != null) {
      step("turn pin tracing on", () -> tracer.trace(trace.all(), trace.names()));
    }
  }

  private void applyPressure(AgentConfig config) {
    setPressure(config, Option.PRESSURE_FRACTION, MemoryPressure::fraction);
    setPressure(config, Option.PRESSURE_INTERVAL, MemoryPressure::minIntervalMillis);
    setPressure(config, Option.PRESSURE_THRESHOLD, MemoryPressure::threshold);
  }

  private <T> void setPressure(AgentConfig config, Option<T> option,
      BiConsumer<MemoryPressure, T> setter) {
    T value = config.get(option);
    if (value != null) {
      step("set " + option.key() + "=" + value, () -> setter.accept(pressure(), value));
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
