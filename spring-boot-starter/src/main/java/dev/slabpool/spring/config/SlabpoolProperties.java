package dev.slabpool.spring.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code slabpool.*} properties of a Spring Boot application, as written: the names are those
 * of slabpool's settings ({@code dev.slabpool.jmx.settings.Settings}: {@code slabpool.jmx},
 * {@code slabpool.pressure.threshold}, ..., {@code slabpool.policy}), plus {@code slabpool.cache.*}
 * for the {@code CacheManager}. Values are kept as text so that a bad one is reported and skipped
 * by {@link SlabpoolSettings}, never a reason for the application not to start.
 */
@ConfigurationProperties("slabpool")
public class SlabpoolProperties {
  /**
   * How the MBeans are exposed: local (on the platform MBeanServer, the default) or none. A
   * remote connector is the agent's ({@code -javaagent}); here it counts as local.
   */
  private String jmx;
  /**
   * Reclaim policy set on every keyed cache as it appears, overriding the builder's and the
   * cache manager's: slab, hot, lru or caffeine. Unset by default.
   */
  private String policy;
  private final Pressure pressure = new Pressure();
  private final Cache cache = new Cache();

  /** How the MBeans are exposed, as written. */
  public String getJmx() {
    return jmx;
  }

  /** Sets how the MBeans are exposed. */
  public void setJmx(String jmx) {
    this.jmx = jmx;
  }

  /** The default reclaim policy of every keyed cache, as written. */
  public String getPolicy() {
    return policy;
  }

  /** Sets the default reclaim policy of every keyed cache. */
  public void setPolicy(String policy) {
    this.policy = policy;
  }

  /** The memory-pressure settings. */
  public Pressure getPressure() {
    return pressure;
  }

  /** The cache manager's settings. */
  public Cache getCache() {
    return cache;
  }

  /** {@code slabpool.pressure.*}: reclaim across caches when the heap stays full. */
  public static class Pressure {
    /**
     * Fraction of the tenured pool's maximum that, still used after a collection, triggers a
     * reclaim across reclaimable caches: from 0 (off, the default) to 1.
     */
    private String threshold;
    /** Fraction of the slabs of every reclaimable cache reclaimed then: above 0, at most 1. */
    private String fraction;
    /** Least time between two memory-pressure reclaims, in milliseconds. */
    private String minIntervalMillis;

    /** The threshold, as written. */
    public String getThreshold() {
      return threshold;
    }

    /** Sets the threshold. */
    public void setThreshold(String threshold) {
      this.threshold = threshold;
    }

    /** The fraction, as written. */
    public String getFraction() {
      return fraction;
    }

    /** Sets the fraction. */
    public void setFraction(String fraction) {
      this.fraction = fraction;
    }

    /** The least interval, as written. */
    public String getMinIntervalMillis() {
      return minIntervalMillis;
    }

    /** Sets the least interval. */
    public void setMinIntervalMillis(String minIntervalMillis) {
      this.minIntervalMillis = minIntervalMillis;
    }
  }

  /**
   * {@code slabpool.cache.*}: the keyed caches of the {@code SlabpoolCacheManager}; the settings
   * of a {@link Spec} are every cache's defaults here.
   */
  public static class Cache extends Spec {
    /** Whether the starter defines its cache manager (when the application has none). */
    private boolean enabled = true;
    /** Caches built at start; any other is built on first use. */
    private List<String> names = new ArrayList<>();
    /** Whether null values are cached (as a marker); if not, caching null fails. */
    private String allowNullValues;
    /** Per cache name, settings that override these defaults. */
    private Map<String, Spec> specs = new LinkedHashMap<>();

    /** Whether the cache manager is defined. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the cache manager is defined. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The caches built at start. */
    public List<String> getNames() {
      return names;
    }

    /** Sets the caches built at start. */
    public void setNames(List<String> names) {
      this.names = names;
    }

    /** Whether null values are cached, as written. */
    public String getAllowNullValues() {
      return allowNullValues;
    }

    /** Sets whether null values are cached. */
    public void setAllowNullValues(String allowNullValues) {
      this.allowNullValues = allowNullValues;
    }

    /** The settings per cache name. */
    public Map<String, Spec> getSpecs() {
      return specs;
    }

    /** Sets the settings per cache name. */
    public void setSpecs(Map<String, Spec> specs) {
      this.specs = specs;
    }
  }

  /** {@code slabpool.cache.specs.<name>.*}: one cache's settings; unset ones are the defaults'. */
  public static class Spec {
    /** Entries a cache holds at most (its memory cap, in whole slabs); default 10000. */
    private String capacity;
    /** Entries per slab, 1 to 65536; default 32. */
    private String objectsPerSlab;
    /** Reclaim policy: slab, hot (the default), lru or caffeine. */
    private String policy;

    /** The capacity, as written. */
    public String getCapacity() {
      return capacity;
    }

    /** Sets the capacity. */
    public void setCapacity(String capacity) {
      this.capacity = capacity;
    }

    /** The entries per slab, as written. */
    public String getObjectsPerSlab() {
      return objectsPerSlab;
    }

    /** Sets the entries per slab. */
    public void setObjectsPerSlab(String objectsPerSlab) {
      this.objectsPerSlab = objectsPerSlab;
    }

    /** The reclaim policy, as written. */
    public String getPolicy() {
      return policy;
    }

    /** Sets the reclaim policy. */
    public void setPolicy(String policy) {
      this.policy = policy;
    }
  }
}
