package dev.slabpool.bench.trace;

import java.util.Locale;

/** The two trace formats of {@code bench/traces/README.md}, both usually gzipped. */
public enum TraceFormat {
  /** Big-endian 32-bit signed ints, one key per int, until end of file. */
  BINARY,
  /** One decimal key per line; a line {@code *} is a checkpoint marker and is skipped. */
  TEXT,
  /** Decided from the first bytes of the (decompressed) content. */
  AUTO;

  /**
   * Parses a {@code --format} value.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static TraceFormat parse(String s) {
    for (TraceFormat f : values()) {
      if (f.name().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown trace format '" + s + "': expected one of "
        + String.join(", ", "binary", "text", "auto"));
  }

  /** The lower-case name used on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
