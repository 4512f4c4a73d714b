package dev.slabpool.jmx.settings;

import java.util.List;
import java.util.Locale;

/**
 * One setting of slabpool: its name, what it accepts, its default and what it does. Every other
 * spelling derives from the name: the agent argument and the key in a config file are the name
 * ({@code pressure.minIntervalMillis}), the system property is {@code slabpool.<name>}
 * ({@code slabpool.pressure.minIntervalMillis}), the environment variable is {@code SLABPOOL_}
 * and the name upper-cased with dots and dashes as underscores
 * ({@code SLABPOOL_PRESSURE_MININTERVALMILLIS}), and an MBean attribute of the setting is the name
 * with each dot-separated part capitalised ({@code PressureMinIntervalMillis}).
 *
 * <p>Old spellings are kept as deprecated aliases: they still work in every source, with a warning
 * naming the new name.
 *
 * @param <T> the parsed value
 */
public final class Setting<T> {
  /** The prefix of the system properties: {@value}. */
  public static final String PROPERTY_PREFIX = "slabpool.";
  /** The prefix of the environment variables: {@value}. */
  public static final String ENVIRONMENT_PREFIX = "SLABPOOL_";

  private final String name;
  private final List<String> aliases;
  private final T defaultValue;
  private final String accepts;
  private final String description;
  private final String mbean;
  private final Kind kind;

  Setting(String name, List<String> aliases, T defaultValue, String accepts, String description,
      String mbean, Kind kind) {
    this.name = name;
    this.aliases = List.copyOf(aliases);
    this.defaultValue = defaultValue;
    this.accepts = accepts;
    this.description = description;
    this.mbean = mbean;
    this.kind = kind;
  }

  /** The one name of the setting: the agent argument and the key in a config file. */
  public String name() {
    return name;
  }

  /** Deprecated old names, still accepted with a warning. */
  public List<String> aliases() {
    return aliases;
  }

  /** The system property: {@code slabpool.<name>}. */
  public String systemProperty() {
    return propertyOf(name);
  }

  /** The environment variable: {@code SLABPOOL_<NAME>}, dots and dashes as underscores. */
  public String environmentVariable() {
    return environmentOf(name);
  }

  /**
   * The name of an MBean attribute holding this setting: each dot-separated part of the name
   * capitalised ({@code pressure.minIntervalMillis} is {@code PressureMinIntervalMillis}).
   * Whether an MBean has it says {@link #mbean()}.
   */
  public String attribute() {
    StringBuilder b = new StringBuilder(name.length());
    for (String part : name.split("[.-]")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
      }
    }
    return b.toString();
  }

  /**
   * The object name of the MBean with a writable {@link #attribute()} for this setting, or
   * {@code null} when the setting is read at start only.
   */
  public String mbean() {
    return mbean;
  }

  /** The value used when no source gives one, or {@code null} for "not set". */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as it would be written, or {@code null} if there is none. */
  public String defaultText() {
    return defaultValue == null ? null : format(defaultValue);
  }

  /** What values are accepted, for messages and help. */
  public String accepts() {
    return accepts;
  }

  /** What the setting does. */
  public String description() {
    return description;
  }

  /**
   * Parses a value, ignoring surrounding white space.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  @SuppressWarnings("unchecked") // each constant's kind yields its T
  public T parse(String value) {
    return (T) kind.parse(value.trim());
  }

  /** A value of this setting as it would be written. */
  public String format(Object value) {
    return kind.format(value);
  }

  /** The system property of a setting name: {@code slabpool.<name>}. */
  static String propertyOf(String name) {
    return PROPERTY_PREFIX + name;
  }

  /** The environment variable of a setting name. */
  static String environmentOf(String name) {
    return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The name. */
  @Override
  public String toString() {
    return name;
  }
}
