package dev.slabpool.jmx;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.StandardEmitterMBean;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;

/**
 * An MXBean whose attributes, operations and parameters carry the {@link Description}s of its
 * interface, whose parameters have real names, and whose operations all have ACTION impact (they
 * change the cache), so JConsole shows them as labelled buttons with tooltips.
 *
 * <p>The descriptor of an attribute also has the {@code units} its getter's description names and,
 * when the implementation restricts it ({@link LegalValues}), the {@code legalValues} it accepts.
 * A write of an attribute that changes its value (as read before and after the write) sends an
 * {@link AttributeChangeNotification} with both values; a write that is refused changes nothing
 * and sends nothing.
 */
final class DescribedMBean<T> extends StandardEmitterMBean {

  /** An implementation that can serve every attribute of one request from a single snapshot. */
  interface Snapshots {
    /** Runs {@code reads} with one statistics snapshot shared by all attribute getters. */
    <R> R sharingSnapshot(Supplier<R> reads);
  }

  /** An implementation some of whose attributes accept only some values. */
  interface LegalValues {
    /** The values the attribute accepts, in the order to show them; empty when not restricted. */
    List<String> legalValues(String attribute);
  }

  private final Class<T> type;
  private final String description;
  private final Notifier emitter;
  private final MBeanNotificationInfo attributeChanges;
  private volatile MBeanInfo described;
  private volatile ObjectName objectName;

  DescribedMBean(T implementation, Class<T> type, String description, Notifier emitter) {
    super(implementation, type, true, emitter);
    this.type = type;
    this.description = description;
    this.emitter = emitter;
    this.attributeChanges = Arrays.stream(type.getMethods())
        .anyMatch(m -> m.getName().startsWith("set") && m.getParameterCount() == 1)
        ? new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
            AttributeChangeNotification.class.getName(),
            "A write changed the value of a writable attribute; old and new value attached")
        : null;
  }

  @Override
  public ObjectName preRegister(MBeanServer server, ObjectName name) throws Exception {
    objectName = super.preRegister(server, name);
    return objectName;
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    // JConsole reads all attributes in one request: take the statistics snapshot once for it.
    if (getImplementation() instanceof Snapshots s) {
      return s.sharingSnapshot(() -> super.getAttributes(names));
    }
    return super.getAttributes(names);
  }

  // ---- writes and their notifications ---------------------------------------------------------

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException,
      InvalidAttributeValueException, MBeanException, ReflectionException {
    String name = attribute.getName();
    Object before = getAttribute(name);
    super.setAttribute(attribute);
    Object after = getAttribute(name);
    if (!Objects.deepEquals(before, after)) {
      MBeanAttributeInfo info = attributeInfo(name);
      emitter.sendNotification(new AttributeChangeNotification(
          objectName != null ? objectName : this, emitter.nextSequence(),
          System.currentTimeMillis(), name + " changed from " + before + " to " + after, name,
          info == null ? after.getClass().getName() : info.getType(), before, after));
    }
  }

  /** Sets each attribute as {@link #setAttribute} does; returns those set, with their values. */
  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    AttributeList set = new AttributeList();
    for (Attribute a : attributes.asList()) {
      try {
        setAttribute(a);
        set.add(new Attribute(a.getName(), getAttribute(a.getName())));
      } catch (JMException | RuntimeException e) {
        // Not set: left out of the answer, as the JMX contract of setAttributes says.
      }
    }
    return set;
  }

  @Override
  public MBeanNotificationInfo[] getNotificationInfo() {
    MBeanNotificationInfo[] own = super.getNotificationInfo();
    if (attributeChanges == null) { // none, or called by the super constructor
      return own;
    }
    MBeanNotificationInfo[] all = Arrays.copyOf(own, own.length + 1);
    all[own.length] = attributeChanges;
    return all;
  }

  // ---- metadata -------------------------------------------------------------------------------

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanInfo info = described;
    if (info == null) {
      MBeanInfo plain = super.getMBeanInfo();
      MBeanAttributeInfo[] attributes = Arrays.stream(plain.getAttributes())
          .map(this::withDescriptorFields).toArray(MBeanAttributeInfo[]::new);
      info = new MBeanInfo(plain.getClassName(), plain.getDescription(), attributes,
          plain.getConstructors(), plain.getOperations(), plain.getNotifications(),
          plain.getDescriptor());
      described = info;
    }
    return info;
  }

  /** The attribute with {@code units} and {@code legalValues} in its descriptor, where it has any. */
  private MBeanAttributeInfo withDescriptorFields(MBeanAttributeInfo a) {
    Map<String, Object> fields = new HashMap<>();
    Description d = annotation(a.getName());
    if (d != null && !d.units().isEmpty()) {
      fields.put("units", d.units());
    }
    if (getImplementation() instanceof LegalValues l) {
      List<String> legal = l.legalValues(a.getName());
      if (!legal.isEmpty()) {
        fields.put("legalValues", Collections.unmodifiableSet(new LinkedHashSet<>(legal)));
      }
    }
    if (fields.isEmpty()) {
      return a;
    }
    ImmutableDescriptor descriptor =
        ImmutableDescriptor.union(a.getDescriptor(), new ImmutableDescriptor(fields));
    if (a instanceof OpenMBeanAttributeInfo open) {
      return new OpenMBeanAttributeInfoSupport(a.getName(), a.getDescription(),
          open.getOpenType(), a.isReadable(), a.isWritable(), a.isIs(), descriptor);
    }
    return new MBeanAttributeInfo(a.getName(), a.getType(), a.getDescription(), a.isReadable(),
        a.isWritable(), a.isIs(), descriptor);
  }

  private MBeanAttributeInfo attributeInfo(String name) {
    return Arrays.stream(getMBeanInfo().getAttributes()).filter(a -> a.getName().equals(name))
        .findFirst().orElse(null);
  }

  @Override
  protected String getDescription(MBeanInfo info) {
    return description;
  }

  @Override
  protected String getDescription(MBeanAttributeInfo info) {
    Description d = annotation(info.getName());
    return d == null ? info.getDescription() : d.value();
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

  /** The description of an attribute: on its getter, or else on its setter. */
  private Description annotation(String attribute) {
    for (String prefix : new String[] {"get", "is", "set"}) {
      Method m = find(prefix + attribute, -1);
      if (m != null && m.isAnnotationPresent(Description.class)) {
        return m.getAnnotation(Description.class);
      }
    }
    return null;
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
