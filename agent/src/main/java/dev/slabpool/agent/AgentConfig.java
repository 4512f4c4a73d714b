package dev.slabpool.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The agent arguments, parsed: {@code key=value} pairs separated by commas. Parsing never fails:
 * an unknown key, a pair without {@code =} or a bad value is reported through the warning sink,
 * naming it, and the option keeps its default.
 */
public final class AgentConfig {

  private final Map<Option<?>, Object> given;

  private AgentConfig(Map<Option<?>, Object> given) {
    this.given = given;
  }

  /**
   * Parses agent arguments.
   *
   * @param arguments the text after {@code =} in {@code -javaagent:jar=...}, or {@code null}
   * @param warn receives one message per ignored argument
   */
  public static AgentConfig parse(String arguments, Consumer<String> warn) {
    Map<Option<?>, Object> given = new LinkedHashMap<>();
    if (arguments == null) {
      return new AgentConfig(given);
    }
    for (String pair : arguments.split(",")) {
      String trimmed = pair.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 0) {
        warn.accept("ignored argument '" + trimmed + "': expected key=value");
        continue;
      }
      String key = trimmed.substring(0, eq).trim();
      String value = trimmed.substring(eq + 1).trim();
      Option<?> option = Option.forKey(key);
      if (option == null) {
        warn.accept("ignored unknown argument '" + key + "' (known: " + Option.ALL.stream()
            .map(Option::key).collect(Collectors.joining(", ")) + ")");
        continue;
      }
      try {
        Object previous = given.put(option, option.parse(value));
        if (previous != null) {
          warn.accept("argument '" + key + "' given twice; the last value, '" + value
              + "', is used");
        }
      } catch (IllegalArgumentException e) {
        Object fallback = given.containsKey(option) ? given.get(option) : option.defaultValue();
        warn.accept("ignored bad value '" + value + "' for '" + key + "' (" + e.getMessage()
            + "); using " + (fallback == null ? "no setting" : "'" + Option.format(fallback) + "'"));
      }
    }
    return new AgentConfig(given);
  }

  /** Whether the option was given with a valid value. */
  public boolean isGiven(Option<?> option) {
    return given.containsKey(option);
  }

  /** The option's value, or its default when it was not given (validly). */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return given.containsKey(option) ? (T) given.get(option) : option.defaultValue();
  }

  /** The options given, as {@code key=value} pairs. */
  @Override
  public String toString() {
    return given.entrySet().stream().map(e -> e.getKey().key() + "=" + Option.format(e.getValue()))
        .collect(Collectors.joining(","));
  }
}
