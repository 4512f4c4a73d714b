package dev.slabpool.examples.cli;

import dev.slabpool.SlabCacheRegistry;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options in the form {@code --name value}, {@code --name=value} or, for switches,
 * {@code --name}. Each accessor reads one option with its default and checks its value;
 * {@link #checkNoneLeft()} then refuses any option nobody asked for, so a typo is an error naming
 * it rather than a silently ignored setting.
 */
public final class Flags {
  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses arguments.
   *
   * @param switches the options that take no value
   * @throws UsageException for an argument that is not an option or a repeated option
   */
  public static Flags parse(String[] args, Set<String> switches) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new UsageException("unexpected argument '" + a + "': options start with --");
      }
      int eq = a.indexOf('=');
      String name = a.substring(2, eq < 0 ? a.length() : eq);
      String value;
      if (switches.contains(name)) {
        if (eq >= 0) {
          throw new UsageException("option --" + name + " takes no value: " + a);
        }
        value = "";
      } else if (eq >= 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        value = null; // reported by the accessor, or as unknown by checkNoneLeft()
      }
      if (values.containsKey(name)) {
        throw new UsageException("option --" + name + " is given more than once");
      }
      values.put(name, value);
    }
    Flags flags = new Flags(values);
    flags.known.addAll(switches);
    return flags;
  }

  /** Whether a switch is present. */
  public boolean isSet(String name) {
    known.add(name);
    return values.containsKey(name);
  }

  /** A text option. */
  public String string(String name, String defaultValue) {
    known.add(name);
    if (!values.containsKey(name)) {
      return defaultValue;
    }
    String v = values.get(name);
    if (v == null) {
      throw new UsageException("option --" + name + " needs a value");
    }
    return v;
  }

  /** An integer option from {@code min} to {@code max}. */
  public int integer(String name, int defaultValue, int min, int max) {
    String v = string(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("option --" + name + " must be an integer from " + min + " to " + max
        + ": '" + v + "'");
  }

  /** A size in bytes, such as {@code 512}, {@code 64k}, {@code 16m} or {@code 1g}, from min. */
  public long bytes(String name, long defaultValue, long min) {
    String v = string(name, null);
    if (v == null) {
      return defaultValue;
    }
    long n;
    try {
      n = Sizes.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --" + name + ": " + e.getMessage());
    }
    if (n < min) {
      throw new UsageException("option --" + name + " must be at least " + Sizes.format(min)
          + ": '" + v + "'");
    }
    return n;
  }

  /** A cache name, checked as {@link SlabCacheRegistry#checkName} does. */
  public String cacheName(String name, String defaultValue) {
    String v = string(name, defaultValue);
    try {
      return SlabCacheRegistry.checkName(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --" + name + ": " + e.getMessage());
    }
  }

  /** An existing directory. */
  public Path directory(String name, Path defaultValue) {
    String v = string(name, null);
    Path p;
    try {
      p = v == null ? defaultValue : Path.of(v);
    } catch (InvalidPathException e) {
      throw new UsageException("option --" + name + ": not a path: '" + v + "'");
    }
    if (!Files.isDirectory(p)) {
      throw new UsageException("option --" + name + ": not a directory: '" + p + "'");
    }
    return p;
  }

  /**
   * Refuses options that no accessor read.
   *
   * @throws UsageException naming the first unknown option and listing the known ones
   */
  public void checkNoneLeft() {
    List<String> unknown = new ArrayList<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown option --" + unknown.get(0) + " (options: --"
          + String.join(", --", known) + ")");
    }
  }
}
