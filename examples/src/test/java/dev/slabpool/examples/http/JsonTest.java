package dev.slabpool.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesWhatGsonReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 line-separator \u2028 é");
    m.put("long", Long.MAX_VALUE);
    m.put("double", 0.25);
    m.put("nan", Double.NaN);
    m.put("flag", true);
    m.put("none", null);
    m.put("list", List.of("a", 1));
    m.put("array", new long[] {3, 0, 1});
    m.put("nested", Map.of("k", "v"));

    String json = Json.write(m);
    JsonObject read = JsonParser.parseString(json).getAsJsonObject();

    assertThat(read.get("text").getAsString()).isEqualTo(m.get("text"));
    assertThat(read.get("long").getAsLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.get("double").getAsDouble()).isEqualTo(0.25);
    assertThat(read.get("nan").isJsonNull()).isTrue();
    assertThat(read.get("flag").getAsBoolean()).isTrue();
    assertThat(read.get("none").isJsonNull()).isTrue();
    assertThat(read.getAsJsonArray("list").toString()).isEqualTo("[\"a\",1]");
    assertThat(read.getAsJsonArray("array").toString()).isEqualTo("[3,0,1]");
    assertThat(read.getAsJsonObject("nested").get("k").getAsString()).isEqualTo("v");
    assertThat(json).startsWith("{\"text\":").doesNotContain("\n").doesNotContain("\u2028");
  }

  @Test
  void refusesWhatItCannotWrite() {
    assertThatThrownBy(() -> Json.write(Arrays.asList(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write a java.lang.Object as JSON");
  }
}
