package dev.slabpool.spring.config;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.jmx.settings.MBeanExposure;
import dev.slabpool.jmx.settings.Setting;
import dev.slabpool.jmx.settings.Settings;
import dev.slabpool.spring.cache.CacheSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code slabpool.*} properties, checked: each value is parsed by the parser of the slabpool
 * setting of that name (the agent's and the system properties' own), and a bad one is reported to
 * the warning sink, naming the property, the value and what is accepted, and then skipped: the
 * default is kept and the application starts.
 */
public final class SlabpoolSettings {
  private final Consumer<String> warn;
  private final MBeanExposure jmx;
  private final Double pressureThreshold;
  private final Double pressureFraction;
  private final Long pressureMinIntervalMillis;
  private final ReclaimPolicy policy;
  private final boolean allowNullValues;
  private final List<String> cacheNames;
  private final CacheSpec cacheDefaults;
  private final Map<String, CacheSpec> specs = new HashMap<>();

  /**
   * Checks the properties.
   *
   * @param warn receives one message per bad value
   */
  public SlabpoolSettings(SlabpoolProperties p, Consumer<String> warn) {
    this.warn = warn;
    MBeanExposure exposure = setting(Settings.JMX, "slabpool.jmx", p.getJmx());
    if (exposure == MBeanExposure.REMOTE) {
      warn.accept("slabpool.jmx=remote: the remote connector is the agent's (-javaagent);"
          + " the MBeans are registered locally");
      exposure = MBeanExposure.LOCAL;
    }
    this.jmx = exposure == null ? Settings.JMX.defaultValue() : exposure;
    SlabpoolProperties.Pressure pressure = p.getPressure();
    this.pressureThreshold =
        setting(Settings.PRESSURE_THRESHOLD, "slabpool.pressure.threshold", pressure.getThreshold());
    this.pressureFraction =
        setting(Settings.PRESSURE_FRACTION, "slabpool.pressure.fraction", pressure.getFraction());
    this.pressureMinIntervalMillis = setting(Settings.PRESSURE_MIN_INTERVAL_MILLIS,
        "slabpool.pressure.min-interval-millis", pressure.getMinIntervalMillis());
    String policyName = setting(Settings.POLICY, "slabpool.policy", p.getPolicy());
    this.policy = policyName == null ? null : ReclaimPolicy.parse(policyName);

    SlabpoolProperties.Cache cache = p.getCache();
    this.allowNullValues = bool("slabpool.cache.allow-null-values", cache.getAllowNullValues(),
        true);
    this.cacheNames = List.copyOf(cache.getNames());
    this.cacheDefaults = spec("slabpool.cache", CacheSpec.DEFAULT, cache.getCapacity(),
        cache.getObjectsPerSlab(), cache.getPolicy());
    for (Map.Entry<String, SlabpoolProperties.Spec> e : cache.getSpecs().entrySet()) {
      SlabpoolProperties.Spec s = e.getValue();
      specs.put(e.getKey(), spec("slabpool.cache.specs." + e.getKey(), cacheDefaults,
          s.getCapacity(), s.getObjectsPerSlab(), s.getPolicy()));
    }
  }

  /** A setting's value, or {@code null} when not given or bad (the default then stands). */
  private <T> T setting(Setting<T> setting, String property, String value) {
    if (value == null) {
      return null;
    }
    try {
      return setting.parse(value);
    } catch (IllegalArgumentException e) {
      // The parser's message names what is accepted.
      bad(property, value, e.getMessage(), setting.defaultText());
      return null;
    }
  }

  private void bad(String property, String value, String why, String fallback) {
    warn.accept("ignored bad value '" + value + "' for " + property + " (" + why + "); "
        + (fallback == null ? "leaving it unset" : "using '" + fallback + "'"));
  }

  /** A cache spec from {@code base} and the values given under {@code prefix}. */
  private CacheSpec spec(String prefix, CacheSpec base, String capacity, String objectsPerSlab,
      String policyName) {
    long cap = number(prefix + ".capacity", capacity, base.capacity(), 1, Long.MAX_VALUE,
        Long::parseLong);
    int perSlab = number(prefix + ".objects-per-slab", objectsPerSlab, base.objectsPerSlab(), 1,
        65536, Integer::parseInt);
    ReclaimPolicy p = base.policy();
    if (policyName != null) {
      try {
        p = ReclaimPolicy.parse(policyName);
      } catch (IllegalArgumentException e) {
        bad(prefix + ".policy", policyName, e.getMessage(), p.id());
      }
    }
    return new CacheSpec(cap, perSlab, p);
  }

  private boolean bool(String property, String value, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    String v = value.trim();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    bad(property, value, "expected true or false", String.valueOf(fallback));
    return fallback;
  }

  private <N extends Number> N number(String property, String value, N fallback, long min,
      long max, Function<String, N> parse) {
    if (value == null) {
      return fallback;
    }
    try {
      N n = parse.apply(value.trim());
      if (n.longValue() >= min && n.longValue() <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, as a value out of range is
    }
    bad(property, value, "expected a whole number from " + min
        + (max == Long.MAX_VALUE ? " up" : " to " + max), String.valueOf(fallback));
    return fallback;
  }

  /** How the MBeans are exposed: {@code LOCAL} or {@code NONE}. */
  public MBeanExposure jmx() {
    return jmx;
  }

  /** {@code slabpool.pressure.threshold}, or {@code null} when not given (or bad). */
  public Double pressureThreshold() {
    return pressureThreshold;
  }

  /** {@code slabpool.pressure.fraction}, or {@code null} when not given (or bad). */
  public Double pressureFraction() {
    return pressureFraction;
  }

  /** {@code slabpool.pressure.min-interval-millis}, or {@code null} when not given (or bad). */
  public Long pressureMinIntervalMillis() {
    return pressureMinIntervalMillis;
  }

  /** {@code slabpool.policy}: the policy set on every keyed cache, or {@code null}. */
  public ReclaimPolicy policy() {
    return policy;
  }

  /** {@code slabpool.cache.allow-null-values}; default {@code true}. */
  public boolean allowNullValues() {
    return allowNullValues;
  }

  /** {@code slabpool.cache.names}: the caches built at start. */
  public List<String> cacheNames() {
    return cacheNames;
  }

  /** How the cache of that name is built: its {@code specs} entry, else the defaults. */
  public CacheSpec cacheSpec(String name) {
    return specs.getOrDefault(name, cacheDefaults);
  }
}
