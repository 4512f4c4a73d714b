package dev.slabpool.bench.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flat JSON object written in field order; numbers that are not finite are written as null. */
public final class Json {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** Adds a string, number or boolean field; {@code null} is written as JSON null. */
  public Json put(String name, Object value) {
    if (value != null && !(value instanceof String || value instanceof Number
        || value instanceof Boolean)) {
      throw new IllegalArgumentException("field '" + name + "': not a JSON scalar: " + value);
    }
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, f.getKey());
      sb.append(':');
      Object v = f.getValue();
      if (v instanceof String s) {
        quote(sb, s);
      } else if (v instanceof Double d && !Double.isFinite(d)
          || v instanceof Float g && !Float.isFinite(g) || v == null) {
        sb.append("null");
      } else {
        sb.append(v);
      }
    }
    return sb.append('}').toString();
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
