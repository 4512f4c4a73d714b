package dev.slabpool.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact text of the services' answers ({@link JsonHttpServer#GSON}). */
class JsonTest {

  @Test
  void writesFieldsInOrderWithJavaNumberFormatsAndNullForNonFiniteNumbers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 line-separator \u2028 é"
        + " <a href='x'>&amp;=</a>");
    m.put("long", Long.MAX_VALUE);
    m.put("int", -7);
    m.put("double", 0.25);
    m.put("whole", 2.0);
    m.put("small", 1.0E-4);
    m.put("nan", Double.NaN);
    m.put("infinite", Double.NEGATIVE_INFINITY);
    m.put("flag", true);
    m.put("none", null);
    m.put("list", List.of("a", 1));
    m.put("array", new long[] {3, 0, 1});
    m.put("nested", Map.of("k", "v"));
    m.put("empty", List.of());

    assertThat(JsonHttpServer.GSON.toJson(m)).isEqualTo("{\"text\":\"quote \\\" backslash \\\\"
        + " newline \\n tab \\t bell \\u0007 line-separator \\u2028 é <a href='x'>&amp;=</a>\","
        + "\"long\":9223372036854775807,\"int\":-7,\"double\":0.25,\"whole\":2.0,"
        + "\"small\":1.0E-4,\"nan\":null,\"infinite\":null,\"flag\":true,\"none\":null,"
        + "\"list\":[\"a\",1],\"array\":[3,0,1],\"nested\":{\"k\":\"v\"},\"empty\":[]}");
  }

  /** Not a JSON value: without the refusal Gson would write it field by field. */
  private record Point(int x, int y) {}

  @Test
  void refusesWhatItCannotWrite() {
    assertThatThrownBy(() -> JsonHttpServer.GSON.toJson(List.of(new Point(1, 2))))
        .isInstanceOf(JsonIOException.class)
        .hasMessageContaining(Point.class.getName());
  }
}
