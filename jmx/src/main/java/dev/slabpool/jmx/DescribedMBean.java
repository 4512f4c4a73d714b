package dev.slabpool.jmx;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * An MXBean whose attributes, operations and parameters carry the {@link Description}s of its
 * interface, whose parameters have real names, and whose operations all have ACTION impact (they
 * change the cache), so JConsole shows them as labelled buttons with tooltips.
 */
final class DescribedMBean<T> extends StandardEmitterMBean {

  /** An implementation that can serve every attribute of one request from a single snapshot. */
  interface Snapshots {
    /** Runs {@code reads} with one statistics snapshot shared by all attribute getters. */
    <R> R sharingSnapshot(Supplier<R> reads);
  }

  private final Class<T> type;
  private final String description;

  DescribedMBean(T implementation, Class<T> type, String description,
      NotificationEmitter emitter) {
    super(implementation, type, true, emitter);
    this.type = type;
    this.description = description;
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    // JConsole reads all attributes in one request: take the statistics snapshot once for it.
    if (getImplementation() instanceof Snapshots s) {
      return s.sharingSnapshot(() -> super.getAttributes(names));
    }
    return super.getAttributes(names);
  }

  @Override
  protected String getDescription(MBeanInfo info) {
    return description;
  }

  @Override
  protected String getDescription(MBeanAttributeInfo info) {
    for (String prefix : new String[] {"get", "is", "set"}) {
      Method m = find(prefix + info.getName(), -1);
      if (m != null && m.isAnnotationPresent(Description.class)) {
        return m.getAnnotation(Description.class).value();
      }
    }
    return info.getDescription();
  }

  @Override
  protected String getDescription(MBeanOperationInfo info) {
    Method m = find(info.getName(), info.getSignature().length);
    Description d = m == null ? null : m.getAnnotation(Description.class);
    return d == null ? info.getDescription() : d.value();
  }

  @Override
  protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
    Description d = parameter(op, sequence);
    return d == null ? param.getDescription() : d.value();
  }

  @Override
  protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param,
      int sequence) {
    Description d = parameter(op, sequence);
    return d == null || d.name().isEmpty() ? param.getName() : d.name();
  }

  @Override
  protected int getImpact(MBeanOperationInfo info) {
    return MBeanOperationInfo.ACTION;
  }

  private Description parameter(MBeanOperationInfo op, int sequence) {
    Method m = find(op.getName(), op.getSignature().length);
    return m == null ? null : m.getParameters()[sequence].getAnnotation(Description.class);
  }

  /** The interface method with that name (and that many parameters, unless {@code arity < 0}). */
  private Method find(String name, int arity) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name) && (arity < 0 || m.getParameterCount() == arity))
        .findFirst().orElse(null);
  }
}
