package dev.slabpool.jmx.client;

import java.util.HashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.ObjectName;

/**
 * Attributes of one cache MBean read in one request ({@link SlabpoolClient#read}), so they come
 * from one statistics snapshot. A request leaves out an attribute it could not read: {@link
 * #get(CacheAttribute)} then fails and {@link #get(CacheAttribute, Object)} falls back.
 */
public final class CacheReading {
  private final ObjectName cache;
  private final Map<String, Object> values = new HashMap<>();

  CacheReading(ObjectName cache, AttributeList read) {
    this.cache = cache;
    for (Attribute a : read.asList()) {
      values.put(a.getName(), a.getValue());
    }
  }

  /** The MBean read. */
  public ObjectName cache() {
    return cache;
  }

  /**
   * The value read of an attribute.
   *
   * @throws IllegalStateException if the request did not return it, or returned another type
   */
  public <T> T get(CacheAttribute<T> attribute) {
    if (!values.containsKey(attribute.name())) {
      throw new IllegalStateException(cache + " did not return attribute " + attribute);
    }
    return attribute.cast(cache, values.get(attribute.name()));
  }

  /**
   * The value read of an attribute, or {@code fallback} if the request did not return it.
   *
   * @throws IllegalStateException if it returned a value of another type
   */
  public <T> T get(CacheAttribute<T> attribute, T fallback) {
    return values.containsKey(attribute.name()) ? get(attribute) : fallback;
  }
}
