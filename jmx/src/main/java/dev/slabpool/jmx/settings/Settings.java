package dev.slabpool.jmx.settings;

import dev.slabpool.jmx.pressure.MemoryPressure;
import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of slabpool, each listed once: those of the agent and those the jmx module reads
 * itself ({@link #PRESSURE_THRESHOLD}, {@link #PRESSURE_FRACTION},
 * {@link #PRESSURE_MIN_INTERVAL_MILLIS}). The project's README has the same table.
 */
public final class Settings {
  private static final String ALLOCATOR = "dev.slabpool:type=SlabAllocator";
  private static final String CACHES = "dev.slabpool:type=SlabCache,name=*";

  /** The properties file of the settings no agent argument, property or variable gives. */
  public static final Setting<Path> CONFIG = new Setting<>("config", List.of(), null,
      "a file path", "a properties file (setting=value per line) read after the agent"
          + " arguments, system properties and environment variables", null, Kind.FILE);
  /** How the MBeans are exposed. */
  public static final Setting<MBeanExposure> JMX = new Setting<>("jmx", List.of(),
      MBeanExposure.LOCAL, "local, remote or none",
      "local: MBeans on the platform MBeanServer, no port; remote: also a JMX connector (see"
          + " jmx.*); none: no MBeans", null, Kind.EXPOSURE);
  /** Port of the remote connector. */
  public static final Setting<Integer> JMX_PORT = new Setting<>("jmx.port", List.of(), 0,
      "a port from 0 to 65535",
      "port of the remote connector (registry and RMI server share it); 0 picks a free port and"
          + " prints the connector address", null, Kind.PORT);
  /** Address the remote connector binds to. */
  public static final Setting<String> JMX_ADDRESS = new Setting<>("jmx.address", List.of(),
      "127.0.0.1", "a host name or IP address",
      "address the remote connector binds to; loopback unless given", null, Kind.HOST);
  /** Password file of the remote connector. */
  public static final Setting<Path> JMX_PASSWORD_FILE = new Setting<>("jmx.password.file",
      List.of(), null, "a file path", "password file of the remote connector (JDK"
          + " jmxremote.password format, readable by its owner only)", null, Kind.FILE);
  /** Access file of the remote connector. */
  public static final Setting<Path> JMX_ACCESS_FILE = new Setting<>("jmx.access.file",
      List.of(), null, "a file path",
      "access file of the remote connector (JDK jmxremote.access format)", null, Kind.FILE);
  /** Allows a remote connector without authentication. */
  public static final Setting<Boolean> INSECURE = new Setting<>("insecure", List.of(), false,
      "true or false",
      "true allows a remote connector without password and access files; nothing else does",
      null, Kind.BOOLEAN);
  /** Heap fraction that arms the memory-pressure reclaim. */
  public static final Setting<Double> PRESSURE_THRESHOLD = new Setting<>("pressure.threshold",
      List.of(), 0.0, "a fraction from 0 (off) to 1",
      "fraction of the tenured pool's maximum that, still used after a collection, triggers a"
          + " reclaim across reclaimable caches; 0 is off", ALLOCATOR, Kind.THRESHOLD);
  /** Fraction of slabs reclaimed under memory pressure. */
  public static final Setting<Double> PRESSURE_FRACTION = new Setting<>("pressure.fraction",
      List.of(), MemoryPressure.DEFAULT_FRACTION, "a fraction above 0, at most 1",
      "fraction of the slabs of every reclaimable cache reclaimed when the threshold is crossed",
      ALLOCATOR, Kind.FRACTION);
  /** Least time between two memory-pressure reclaims. */
  public static final Setting<Long> PRESSURE_MIN_INTERVAL_MILLIS = new Setting<>(
      "pressure.minIntervalMillis", List.of("pressure.interval.ms"),
      MemoryPressure.DEFAULT_MIN_INTERVAL_MILLIS, "milliseconds, 0 or more",
      "least time between two memory-pressure reclaims", ALLOCATOR, Kind.MILLIS);
  /** Reclaim policy set on every keyed cache. */
  public static final Setting<String> POLICY = new Setting<>("policy", List.of(), null,
      "slab, hot, lru or caffeine",
      "reclaim policy set on every keyed cache as it appears (overrides the builder's)", CACHES,
      Kind.POLICY);
  /** Caches traced from the start. */
  public static final Setting<CacheSelection> TRACE = new Setting<>("trace", List.of(), null,
      "* or cache names joined by +", "turns pin tracing on from the start for these caches",
      null, Kind.SELECTION);
  /** Frames per traced call site. */
  public static final Setting<Integer> TRACE_DEPTH = new Setting<>("trace.depth", List.of(), 1,
      "1 to 32", "frames outside slabpool that make up a traced call site", null, Kind.DEPTH);
  /** Stack traces of the agent's own failures. */
  public static final Setting<Boolean> VERBOSE = new Setting<>("verbose", List.of(), false,
      "true or false", "one line once the agent is installed, and stack traces of its own"
          + " failures", null, Kind.BOOLEAN);

  /** Every setting, in the order the documentation lists them. */
  public static final List<Setting<?>> ALL = List.of(CONFIG, JMX, JMX_PORT, JMX_ADDRESS,
      JMX_PASSWORD_FILE, JMX_ACCESS_FILE, INSECURE, PRESSURE_THRESHOLD, PRESSURE_FRACTION,
      PRESSURE_MIN_INTERVAL_MILLIS, POLICY, TRACE, TRACE_DEPTH, VERBOSE);

  private Settings() {}

  /**
   * The setting with this name or alias, or {@code null}.
   *
   * @param name a setting name as the agent arguments and config files spell it
   */
  public static Setting<?> forName(String name) {
    for (Setting<?> s : ALL) {
      if (s.name().equals(name) || s.aliases().contains(name)) {
        return s;
      }
    }
    return null;
  }

  /** The setting whose environment variable, or an alias's, is this one; or {@code null}. */
  static Setting<?> forEnvironmentVariable(String variable) {
    for (Setting<?> s : ALL) {
      if (s.environmentVariable().equals(variable)) {
        return s;
      }
      for (String alias : s.aliases()) {
        if (Setting.environmentOf(alias).equals(variable)) {
          return s;
        }
      }
    }
    return null;
  }

  /** The names of every setting, comma-separated, for messages. */
  static String names() {
    StringBuilder b = new StringBuilder();
    for (Setting<?> s : ALL) {
      b.append(b.length() == 0 ? "" : ", ").append(s.name());
    }
    return b.toString();
  }
}
