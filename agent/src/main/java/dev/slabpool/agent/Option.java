package dev.slabpool.agent;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCacheRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One agent argument: its key, what it accepts, its default, and what it does. The agent
 * arguments are {@code key=value} pairs separated by commas; {@code agent/README.md} and
 * {@code --help} list these options.
 *
 * @param <T> the parsed value
 */
public final class Option<T> {

  /** How the caches' MBeans are exposed. */
  public enum Exposure {
    /** MBeans on the platform MBeanServer only; no port is opened. */
    LOCAL,
    /** MBeans, and a remote JMX connector (the JDK's own management agent). */
    REMOTE,
    /** No MBeans at all: weaving and the {@code trace}/{@code policy} arguments only. */
    NONE
  }

  /** What {@code trace=} selects: every cache, or caches by name. */
  public record CacheSelection(boolean all, Set<String> names) {
    /** The selection of every cache. */
    public static final CacheSelection ALL = new CacheSelection(true, Set.of());
  }

  /** How the MBeans are exposed. */
  public static final Option<Exposure> JMX = new Option<>("jmx", Exposure.LOCAL,
      "local, remote or none",
      "local: MBeans on the platform MBeanServer, no port; remote: also a JMX connector (see"
          + " jmx.*); none: no MBeans", Kind.EXPOSURE);
  /** Port of the remote connector. */
  public static final Option<Integer> JMX_PORT = new Option<>("jmx.port", 0,
      "a port from 0 to 65535",
      "port of the remote connector (registry and RMI server share it); 0 picks a free port and"
          + " prints the connector address", Kind.PORT);
  /** Address the remote connector binds to. */
  public static final Option<String> JMX_ADDRESS = new Option<>("jmx.address", "127.0.0.1",
      "a host name or IP address",
      "address the remote connector binds to; loopback unless given", Kind.HOST);
  /** Password file of the remote connector. */
  public static final Option<Path> JMX_PASSWORD_FILE = new Option<>("jmx.password.file", null,
      "a file path", "password file of the remote connector (JDK jmxremote.password format,"
          + " readable by its owner only)", Kind.FILE);
  /** Access file of the remote connector. */
  public static final Option<Path> JMX_ACCESS_FILE = new Option<>("jmx.access.file", null,
      "a file path", "access file of the remote connector (JDK jmxremote.access format)",
      Kind.FILE);
  /** Allows a remote connector without authentication. */
  public static final Option<Boolean> INSECURE = new Option<>("insecure", false, "true or false",
      "true allows a remote connector without password and access files; nothing else does",
      Kind.BOOLEAN);
  /** Heap fraction that arms the memory-pressure reclaim. */
  public static final Option<Double> PRESSURE_THRESHOLD = new Option<>("pressure.threshold",
      null, "a fraction from 0 (off) to 1",
      "fraction of the tenured pool's maximum that arms the memory-pressure reclaim",
      Kind.THRESHOLD);
  /** Fraction of slabs reclaimed under memory pressure. */
  public static final Option<Double> PRESSURE_FRACTION = new Option<>("pressure.fraction", null,
      "a fraction above 0, at most 1",
      "fraction of the slabs of reclaimable caches reclaimed when the threshold is crossed",
      Kind.FRACTION);
  /** Least time between two memory-pressure reclaims. */
  public static final Option<Long> PRESSURE_INTERVAL = new Option<>("pressure.interval.ms", null,
      "milliseconds, 0 or more", "least time between two memory-pressure reclaims",
      Kind.MILLIS);
  /** Reclaim policy set on every keyed cache. */
  public static final Option<String> POLICY = new Option<>("policy", null,
      "slab, lru or caffeine",
      "reclaim policy set on every keyed cache as it appears (overrides the builder's)",
      Kind.POLICY);
  /** Caches traced from the start. */
  public static final Option<CacheSelection> TRACE = new Option<>("trace", null,
      "* or cache names joined by +", "turns pin tracing on from the start for these caches",
      Kind.SELECTION);
  /** Frames per traced call site. */
  public static final Option<Integer> TRACE_DEPTH = new Option<>("trace.depth", 1,
      "1 to 32", "frames outside slabpool that make up a traced call site",
      Kind.DEPTH);
  /** Stack traces of the agent's own failures. */
  public static final Option<Boolean> VERBOSE = new Option<>("verbose", false, "true or false",
      "also print stack traces of the agent's own failures", Kind.BOOLEAN);

  /** Every option, in the order the documentation lists them. */
  public static final List<Option<?>> ALL = List.of(JMX, JMX_PORT, JMX_ADDRESS,
      JMX_PASSWORD_FILE, JMX_ACCESS_FILE, INSECURE, PRESSURE_THRESHOLD, PRESSURE_FRACTION,
      PRESSURE_INTERVAL, POLICY, TRACE, TRACE_DEPTH, VERBOSE);

  private final String key;
  private final T defaultValue;
  private final String accepts;
  private final String description;
  private final Kind kind;

  /**
   * How a value is parsed. A switch rather than a lambda per option: the options are parsed in
   * {@code premain}, before the application starts, where each lambda costs its bootstrap.
   */
  private enum Kind { EXPOSURE, PORT, HOST, FILE, BOOLEAN, THRESHOLD, FRACTION, MILLIS, POLICY,
    SELECTION, DEPTH }

  private Option(String key, T defaultValue, String accepts, String description, Kind kind) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.accepts = accepts;
    this.description = description;
    this.kind = kind;
  }

  /** The key, as written in the agent arguments. */
  public String key() {
    return key;
  }

  /** The value used when the option is not given, or {@code null} for "leave as it is". */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as it would be written in the arguments, or {@code null} if there is none. */
  public String defaultText() {
    return defaultValue == null ? null : format(defaultValue);
  }

  /** A value as it is written in the arguments. */
  static String format(Object value) {
    if (value instanceof CacheSelection s) {
      return s.all() ? "*" : String.join("+", s.names());
    }
    return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value.toString();
  }

  /** What values are accepted, for messages and help. */
  public String accepts() {
    return accepts;
  }

  /** What the option does. */
  public String description() {
    return description;
  }

  /**
   * Parses a value.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  @SuppressWarnings("unchecked") // each constant's kind yields its T
  T parse(String value) {
    return (T) switch (kind) {
      case EXPOSURE -> parseEnum(Exposure.class, value);
      case PORT -> parseInt(value, 0, 65535);
      case HOST -> parseHost(value);
      case FILE -> parsePath(value);
      case BOOLEAN -> parseBoolean(value);
      case THRESHOLD -> parseFraction(value, true);
      case FRACTION -> parseFraction(value, false);
      case MILLIS -> (long) parseInt(value, 0, Integer.MAX_VALUE);
      case POLICY -> parsePolicy(value);
      case SELECTION -> parseSelection(value);
      case DEPTH -> parseInt(value, 1, 32);
    };
  }

  /** The option with this key, or {@code null}. */
  static Option<?> forKey(String key) {
    for (Option<?> o : ALL) {
      if (o.key.equals(key)) {
        return o;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return key;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException("expected one of "
        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
  }

  private static int parseInt(String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected an integer from " + min + " to " + max);
  }

  private static double parseFraction(String v, boolean zeroAllowed) {
    String expected = "expected a number " + (zeroAllowed ? "from 0" : "above 0") + " to 1";
    try {
      double d = Double.parseDouble(v);
      if ((zeroAllowed ? d >= 0 : d > 0) && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(expected);
  }

  private static boolean parseBoolean(String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  private static String parseHost(String v) {
    if (v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      throw new IllegalArgumentException("expected a host name or IP address");
    }
    return v;
  }

  private static Path parsePath(String v) {
    try {
      if (!v.isEmpty()) {
        return Path.of(v);
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected a file path");
  }

  /**
   * Checks a policy name; the value stays a {@code String} so that this class never needs the
   * pool's types, which neither the command line nor a JVM without the pool has.
   */
  private static String parsePolicy(String v) {
    try {
      return ReclaimPolicy.parse(v).id();
    } catch (LinkageError e) {
      throw poolMissing();
    }
  }

  private static CacheSelection parseSelection(String v) {
    if (v.equals("*")) {
      return CacheSelection.ALL;
    }
    Set<String> names = new LinkedHashSet<>();
    try {
      for (String name : v.split("\\+", -1)) {
        names.add(SlabCacheRegistry.checkName(name));
      }
    } catch (LinkageError e) {
      throw poolMissing();
    }
    return new CacheSelection(false, Set.copyOf(names));
  }

  private static IllegalArgumentException poolMissing() {
    return new IllegalArgumentException("the slabpool pool classes are not on the system class"
        + " path");
  }
}
