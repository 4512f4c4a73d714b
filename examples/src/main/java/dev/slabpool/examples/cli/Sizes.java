package dev.slabpool.examples.cli;

import java.util.Locale;

/** Byte sizes as people write and read them: {@code 64k}, {@code 16m}; {@code 1.5 MiB}. */
public final class Sizes {
  private static final String UNITS = "kmgt";

  private Sizes() {}

  /**
   * Parses a size: a number of bytes, optionally followed by {@code k}, {@code m}, {@code g} or
   * {@code t} (powers of 1024, optionally written {@code KiB}, {@code MB}, ...).
   *
   * @throws IllegalArgumentException naming the text when it is not a size
   */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    t = t.endsWith("ib") ? t.substring(0, t.length() - 2)
        : t.endsWith("b") ? t.substring(0, t.length() - 1) : t;
    int shift = 0;
    if (!t.isEmpty() && UNITS.indexOf(t.charAt(t.length() - 1)) >= 0) {
      shift = 10 * (UNITS.indexOf(t.charAt(t.length() - 1)) + 1);
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      long n = Long.parseLong(t);
      if (n >= 0 && n <= Long.MAX_VALUE >> shift) {
        return n << shift;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4096, 64k, 16m, 1g)");
  }

  /** A size for people: {@code 512 B}, {@code 64.0 KiB}, {@code 1.5 MiB}. */
  public static String format(long bytes) {
    if (Math.abs(bytes) < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int unit = -1;
    while (Math.abs(v) >= 1024 && unit < UNITS.length() - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v,
        Character.toUpperCase(UNITS.charAt(unit)));
  }
}
