package dev.slabpool.jmx.settings;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCacheRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How the value of a setting is parsed. Constant bodies rather than a lambda per setting: the
 * agent parses its settings in {@code premain}, before the application starts, where each lambda
 * costs its bootstrap. Every parser throws {@link IllegalArgumentException} saying what it
 * expected; the caller names the value and where it came from.
 */
enum Kind {
  /** {@link MBeanExposure}, case-insensitive. */
  EXPOSURE {
    @Override
    Object parse(String v) {
      for (MBeanExposure e : MBeanExposure.values()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      throw new IllegalArgumentException("expected one of local, remote, none");
    }
  },
  /** A TCP port, 0 to 65535. */
  PORT {
    @Override
    Object parse(String v) {
      return (int) parseLong(v, 0, 65535);
    }
  },
  /** A host name or IP address. */
  HOST {
    @Override
    Object parse(String v) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("expected a host name or IP address");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (Character.isWhitespace(c) || c == '/') {
          throw new IllegalArgumentException("expected a host name or IP address");
        }
      }
      return v;
    }
  },
  /** A file path. */
  FILE {
    @Override
    Object parse(String v) {
      try {
        if (!v.isEmpty()) {
          return Path.of(v);
        }
      } catch (InvalidPathException e) {
        // reported below
      }
      throw new IllegalArgumentException("expected a file path");
    }
  },
  /** {@code true} or {@code false}, case-insensitive. */
  BOOLEAN {
    @Override
    Object parse(String v) {
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(v);
      }
      throw new IllegalArgumentException("expected true or false");
    }
  },
  /** A fraction from 0 to 1. */
  THRESHOLD {
    @Override
    Object parse(String v) {
      return parseFraction(v, true);
    }
  },
  /** A fraction above 0, at most 1. */
  FRACTION {
    @Override
    Object parse(String v) {
      return parseFraction(v, false);
    }
  },
  /** Milliseconds, 0 or more. */
  MILLIS {
    @Override
    Object parse(String v) {
      try {
        long n = Long.parseLong(v);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("expected a whole number of milliseconds, 0 or more");
    }
  },
  /**
   * A reclaim policy name. The value stays a {@code String} (the policy's id) so that the
   * settings never need the pool's types, which the agent's command line does not have.
   */
  POLICY {
    @Override
    Object parse(String v) {
      try {
        return ReclaimPolicy.parse(v).id();
      } catch (LinkageError e) {
        throw poolMissing();
      }
    }
  },
  /** {@code *} or cache names joined by {@code +}. */
  SELECTION {
    @Override
    Object parse(String v) {
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
      return new CacheSelection(false, names);
    }

    @Override
    String format(Object value) {
      CacheSelection s = (CacheSelection) value;
      return s.all() ? "*" : String.join("+", s.names());
    }
  },
  /** A number of frames, 1 to 32. */
  DEPTH {
    @Override
    Object parse(String v) {
      return (int) parseLong(v, 1, 32);
    }
  };

  /**
   * Parses a value (already trimmed).
   *
   * @throws IllegalArgumentException saying what is expected
   */
  abstract Object parse(String value);

  /** A value as it would be written in the agent arguments. */
  String format(Object value) {
    return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value.toString();
  }

  private static long parseLong(String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected an integer from " + min + " to " + max);
  }

  private static double parseFraction(String v, boolean zeroAllowed) {
    try {
      double d = Double.parseDouble(v);
      if ((zeroAllowed ? d >= 0 : d > 0) && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected a number " + (zeroAllowed ? "from 0" : "above 0")
        + " to 1");
  }

  private static IllegalArgumentException poolMissing() {
    return new IllegalArgumentException("the slabpool pool classes are not on the class path");
  }
}
