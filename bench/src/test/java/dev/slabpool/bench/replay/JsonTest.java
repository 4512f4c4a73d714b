package dev.slabpool.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesFieldsInOrderWithEscapesAndNullForNonFiniteNumbers() {
    String json = new Json().put("name", "a\"b\\c\n").put("n", 3L).put("x", 0.5)
        .put("nan", Double.NaN).put("none", null).put("ok", true).toString();

    assertThat(json).isEqualTo(
        "{\"name\":\"a\\\"b\\\\c\\n\",\"n\":3,\"x\":0.5,\"nan\":null,\"none\":null,\"ok\":true}");
  }

  @Test
  void rejectsValuesThatAreNotScalars() {
    assertThatThrownBy(() -> new Json().put("list", java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'list'");
  }
}
