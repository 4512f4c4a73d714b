package dev.slabpool.agent.trace;

import dev.slabpool.jmx.client.SlabpoolClient;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.StandardMBean;

/**
 * The {@link PinTracerMXBean} as registered: an MXBean whose attributes, operations and
 * parameters carry names and descriptions, so JConsole shows {@code cache} rather than {@code p0}.
 */
public final class PinTracerJmx extends StandardMBean {

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry("TracedCaches", "Caches traced now; * = every cache; empty = tracing off"),
      Map.entry("Instrumented", "Whether SlabCache currently carries the tracing code"),
      Map.entry("HookCalls", "Calls from instrumented code into the tracer since start"),
      Map.entry("CallSiteDepth", "Frames outside slabpool recorded per call site"),
      Map.entry("enable", "Turns pin tracing on for a cache (* = every cache)"),
      Map.entry("disable", "Turns pin tracing off for a cache (* = every cache) and forgets its"
          + " records; restores SlabCache's original code when nothing is traced"),
      Map.entry("topCallSites", "Call sites holding the most references of a traced cache"),
      Map.entry("oldestHolders", "References of a traced cache held the longest"),
      Map.entry("report", "Top call sites and oldest holders of a traced cache, as text"));

  private PinTracerJmx(PinTracer tracer) {
    super(tracer, PinTracerMXBean.class, true);
  }

  /** Registers the tracer on the platform MBeanServer under its name, unless already there. */
  public static void register(PinTracer tracer) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    if (!server.isRegistered(SlabpoolClient.PIN_TRACER)) {
      server.registerMBean(new PinTracerJmx(tracer), SlabpoolClient.PIN_TRACER);
    }
  }

  @Override
  protected String getDescription(MBeanInfo info) {
    return "Finds the call sites holding references that pin objects and block reclaim";
  }

  @Override
  protected String getDescription(MBeanAttributeInfo info) {
    return DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
  }

  @Override
  protected String getDescription(MBeanOperationInfo info) {
    return DESCRIPTIONS.getOrDefault(info.getName(), info.getDescription());
  }

  @Override
  protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param,
      int sequence) {
    return sequence == 0 ? "cache" : "limit";
  }

  @Override
  protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param,
      int sequence) {
    return sequence == 0 ? "cache name, or * for every cache (enable and disable)"
        : "most entries to return";
  }

  @Override
  protected int getImpact(MBeanOperationInfo info) {
    return info.getName().endsWith("able") ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
  }
}
