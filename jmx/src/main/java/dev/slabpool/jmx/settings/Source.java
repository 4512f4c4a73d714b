package dev.slabpool.jmx.settings;

/**
 * Where a setting's value comes from, in order of precedence: the first source that gives a valid
 * value wins.
 */
public enum Source {
  /** {@code -javaagent:slabpool-agent.jar=name=value,...} or the arguments of an attach. */
  AGENT_ARGUMENTS("agent argument"),
  /** {@code -Dslabpool.<name>=value}. */
  SYSTEM_PROPERTIES("system property"),
  /** {@code SLABPOOL_<NAME>=value}. */
  ENVIRONMENT("environment variable"),
  /** {@code name=value} lines of the properties file named by the {@code config} setting. */
  CONFIG_FILE("config file");

  private final String what;

  Source(String what) {
    this.what = what;
  }

  /** How this source spells the key of a setting name (or alias). */
  public String keyOf(String name) {
    return switch (this) {
      case SYSTEM_PROPERTIES -> Setting.propertyOf(name);
      case ENVIRONMENT -> Setting.environmentOf(name);
      case AGENT_ARGUMENTS, CONFIG_FILE -> name;
    };
  }

  /**
   * An entry of this source, for messages: {@code system property slabpool.jmx.port}, or
   * {@code config file /etc/slabpool.properties, key jmx.port}.
   *
   * @param key the key as written in the source
   * @param file the config file, for {@link #CONFIG_FILE}; ignored otherwise
   */
  String describe(String key, Object file) {
    return this == CONFIG_FILE ? what + " " + file + ", key " + key : what + " " + key;
  }
}
