package dev.slabpool.jmx.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits agent arguments into {@code key=value} pairs. Pairs are separated by commas; a comma
 * inside a value is written {@code \,}. Every other backslash is kept as it is, so that Windows
 * paths need no doubling. White space around keys and values is ignored, and so are empty pairs.
 */
public final class AgentArguments {
  private AgentArguments() {}

  /**
   * The pairs, in the order given.
   *
   * @param arguments the text after {@code =} in {@code -javaagent:jar=...}, or {@code null}
   * @param warn receives one message per piece that is not {@code key=value}, naming it
   */
  public static List<Map.Entry<String, String>> split(String arguments, Consumer<String> warn) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (arguments == null) {
      return pairs;
    }
    for (String piece : pieces(arguments)) {
      String trimmed = piece.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 0) {
        warn.accept("ignored agent argument '" + trimmed + "': expected name=value");
        continue;
      }
      pairs.add(Map.entry(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim()));
    }
    return pairs;
  }

  /** The text between unescaped commas, with {@code \,} turned into {@code ,}. */
  private static List<String> pieces(String arguments) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '\\' && i + 1 < arguments.length() && arguments.charAt(i + 1) == ',') {
        piece.append(',');
        i++;
      } else if (c == ',') {
        pieces.add(piece.toString());
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    pieces.add(piece.toString());
    return pieces;
  }
}
