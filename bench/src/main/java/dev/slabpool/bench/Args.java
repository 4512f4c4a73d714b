package dev.slabpool.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Command-line arguments: {@code --name value} options, {@code --flag} switches and positional
 * arguments. Every mistake is reported with the option and value at fault.
 */
public final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * Parses {@code args}.
   *
   * @param valued options that take a value
   * @param flags options that take none
   * @throws IllegalArgumentException on an unknown option or a missing value
   */
  public Args(String[] args, Set<String> valued, Set<String> flags) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (flags.contains(name) && value == null) {
        options.put(name, "true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + name + " needs a value");
          }
          value = args[++i];
        }
        options.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
  }

  /** Whether a flag or option was given. */
  public boolean has(String name) {
    return options.containsKey(name);
  }

  /** The value of an option, or {@code fallback}. */
  public String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  /**
   * The value of an option converted by {@code parse}, or {@code fallback}.
   *
   * @throws IllegalArgumentException naming the option and value when the conversion fails
   */
  public <T> T get(String name, T fallback, Function<String, T> parse) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return parse.apply(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad value for " + name + ": '" + v + "'"
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }
  }

  /** The arguments that are not options, in order. */
  public List<String> positional() {
    return List.copyOf(positional);
  }
}
