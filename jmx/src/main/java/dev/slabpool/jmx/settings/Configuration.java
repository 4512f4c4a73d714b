package dev.slabpool.jmx.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The settings of one installation, resolved from the four {@link Source}s: each setting takes the
 * first valid value of the agent arguments, the system properties {@code slabpool.*}, the
 * environment variables {@code SLABPOOL_*}, then the properties file named by {@code config}
 * (itself taken from the first three), else its default.
 *
 * <p>Resolving never fails. Each of these is reported to the warning sink, and skipped: a bad value
 * (the message names the setting, the value, its source, and what is used instead), an unknown
 * name in any source (naming it and listing the known settings), a deprecated alias (naming the
 * new name), a setting given twice in one source, and a config file that cannot be read (naming
 * the path). The sink also receives the problems of applying the settings later
 * ({@link #warn(String)}).
 */
public final class Configuration {
  private final Map<Setting<?>, Object> values = new HashMap<>();
  private final Map<Setting<?>, String> origins = new HashMap<>();
  private final Consumer<String> warn;
  /** Messages in the order found: a String, or a {@link BadValue} worded once all is known. */
  private final List<Object> messages = new ArrayList<>();

  private Configuration(Consumer<String> warn) {
    this.warn = warn;
  }

  /** A value that did not parse. */
  private record BadValue(Setting<?> setting, String value, String where, String why) {}

  /** A valid value of one source. */
  private record Candidate(Object value, String where) {}

  /**
   * Resolves the settings from every source.
   *
   * @param agentArguments the agent's arguments, or {@code null}
   * @param systemProperties the system properties (only {@code slabpool.*} are read)
   * @param environment the environment (only {@code SLABPOOL_*} are read)
   * @param warn receives one message per problem
   */
  public static Configuration resolve(String agentArguments, Map<String, String> systemProperties,
      Map<String, String> environment, Consumer<String> warn) {
    Configuration c = new Configuration(warn);
    c.read(Source.AGENT_ARGUMENTS, AgentArguments.split(agentArguments, warn), null);
    c.read(Source.SYSTEM_PROPERTIES, prefixed(systemProperties, Setting.PROPERTY_PREFIX), null);
    c.read(Source.ENVIRONMENT, prefixed(environment, Setting.ENVIRONMENT_PREFIX), null);
    Path file = (Path) c.values.get(Settings.CONFIG);
    if (file != null) {
      c.read(Source.CONFIG_FILE,
          new ArrayList<>(ConfigFile.read(file, c.origins.get(Settings.CONFIG), warn).entrySet()),
          file);
    }
    c.report();
    return c;
  }

  /**
   * Resolves the settings of this JVM: the agent arguments given, its system properties, its
   * environment and the config file they name.
   *
   * @param agentArguments the agent's arguments, or {@code null} (the jmx module alone)
   */
  public static Configuration ofJvm(String agentArguments, Consumer<String> warn) {
    Properties properties = System.getProperties();
    Map<String, String> copy = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      String value = properties.getProperty(name);
      if (value != null) {
        copy.put(name, value);
      }
    }
    return resolve(agentArguments, copy, System.getenv(), warn);
  }

  /**
   * Resolves agent arguments alone (and the config file they name), for a repeated installation
   * that must apply what it is given and nothing else.
   */
  public static Configuration fromAgentArguments(String agentArguments, Consumer<String> warn) {
    return resolve(agentArguments, Map.of(), Map.of(), warn);
  }

  private static List<Map.Entry<String, String>> prefixed(Map<String, String> source,
      String prefix) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        sorted.put(e.getKey(), e.getValue());
      }
    }
    return new ArrayList<>(sorted.entrySet());
  }

  private void read(Source source, List<Map.Entry<String, String>> entries, Path file) {
    Map<Setting<?>, Candidate> chosen = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : entries) {
      String key = entry.getKey();
      String where = source.describe(key, file);
      Setting<?> setting = lookup(source, key);
      if (setting == null) {
        messages.add("ignored unknown " + where + " (known settings: " + Settings.names() + ")");
        continue;
      }
      if (source == Source.CONFIG_FILE && setting == Settings.CONFIG) {
        messages.add("ignored " + where + ": a config file cannot name another one");
        continue;
      }
      boolean alias = !key.equals(source.keyOf(setting.name()));
      if (alias) {
        messages.add(where + " is deprecated: use " + source.keyOf(setting.name()) + " instead");
      }
      String value = entry.getValue() == null ? "" : entry.getValue().trim();
      Candidate fresh;
      try {
        fresh = new Candidate(setting.parse(value), where);
      } catch (IllegalArgumentException e) {
        messages.add(new BadValue(setting, value, where, e.getMessage()));
        continue;
      }
      Candidate previous = chosen.get(setting);
      // In the agent arguments the last wins; elsewhere (no order) the new name beats an alias.
      boolean replace = previous == null || source == Source.AGENT_ARGUMENTS || !alias;
      Candidate winner = replace ? fresh : previous;
      if (previous != null) {
        messages.add("'" + setting.name() + "' given twice, by " + previous.where() + " and "
            + where + "; '" + setting.format(winner.value()) + "' from " + winner.where()
            + " is used");
      }
      chosen.put(setting, winner);
    }
    for (Map.Entry<Setting<?>, Candidate> e : chosen.entrySet()) {
      if (!values.containsKey(e.getKey())) {
        values.put(e.getKey(), e.getValue().value());
        origins.put(e.getKey(), e.getValue().where());
      }
    }
  }

  private static Setting<?> lookup(Source source, String key) {
    return switch (source) {
      case AGENT_ARGUMENTS, CONFIG_FILE -> Settings.forName(key);
      case SYSTEM_PROPERTIES -> Settings.forName(key.substring(Setting.PROPERTY_PREFIX.length()));
      case ENVIRONMENT -> Settings.forEnvironmentVariable(key);
    };
  }

  private void report() {
    for (Object m : messages) {
      if (m instanceof BadValue b) {
        Setting<?> s = b.setting();
        String instead;
        if (values.containsKey(s)) {
          instead = "using '" + s.format(values.get(s)) + "' from " + origins.get(s);
        } else if (s.defaultValue() != null) {
          instead = "using the default '" + s.defaultText() + "'";
        } else {
          instead = "leaving it unset";
        }
        warn.accept("ignored bad value '" + b.value() + "' for '" + s.name() + "' from "
            + b.where() + " (" + b.why() + "); " + instead);
      } else {
        warn.accept((String) m);
      }
    }
    messages.clear();
  }

  /** Whether a source gave the setting a valid value. */
  public boolean isGiven(Setting<?> setting) {
    return values.containsKey(setting);
  }

  /** The setting's value, or its default when no source gave a valid one. */
  @SuppressWarnings("unchecked") // values are put by their setting's parser
  public <T> T get(Setting<T> setting) {
    return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
  }

  /**
   * Where the setting's value came from ({@code system property slabpool.pressure.fraction}), or
   * {@code null} when it has its default.
   */
  public String origin(Setting<?> setting) {
    return origins.get(setting);
  }

  /** Reports a problem found while applying these settings to the same sink as their own. */
  public void warn(String message) {
    warn.accept(message);
  }

  /** The settings given, as {@code name=value} pairs separated by commas, in table order. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Setting<?> s : Settings.ALL) {
      if (values.containsKey(s)) {
        b.append(b.length() == 0 ? "" : ",").append(s.name()).append('=')
            .append(s.format(values.get(s)));
      }
    }
    return b.toString();
  }
}
