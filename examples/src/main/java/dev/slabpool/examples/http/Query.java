package dev.slabpool.examples.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of a request, checked against the parameters an endpoint accepts: an
 * unknown or repeated parameter is a 400 naming it, never silently ignored.
 */
public final class Query {
  private final Map<String, String> values;

  private Query(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses a raw (still percent-encoded) query string.
   *
   * @param rawQuery the query, or {@code null} for none
   * @param accepted the parameter names the endpoint accepts
   * @throws HttpError 400 for an unknown or repeated parameter
   */
  public static Query parse(String rawQuery, String... accepted) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        int eq = pair.indexOf('=');
        // Malformed escapes never get here: the JDK's server refuses such a URI with a 400.
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
        if (!List.of(accepted).contains(name)) {
          throw HttpError.badRequest("unknown query parameter '" + name + "'"
              + (accepted.length == 0 ? ": this endpoint takes none"
                  : " (accepted: " + String.join(", ", accepted) + ")"));
        }
        if (values.putIfAbsent(name, value) != null) {
          throw HttpError.badRequest("query parameter '" + name + "' is given more than once");
        }
      }
    }
    return new Query(values);
  }

  /**
   * A parameter that must be present (it may be empty, as in {@code path=}).
   *
   * @throws HttpError 400 naming the missing parameter
   */
  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw HttpError.badRequest("missing query parameter '" + name + "'");
    }
    return v;
  }

  /** A parameter that may be absent. */
  public Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
