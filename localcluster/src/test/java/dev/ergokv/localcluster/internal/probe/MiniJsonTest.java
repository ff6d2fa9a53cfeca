package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object value =
        MiniJson.parse(
            " {\"s\": \"a\\\"b\\\\c\\/d\\n\\u00e9\", \"n\": -1.5e2, \"i\": 7, \"t\": true,"
                + " \"f\": false, \"z\": null, \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}} ");

    assertThat(value).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) value;
    assertThat(map.get("s")).isEqualTo("a\"b\\c/d\né");
    assertThat(map.get("n")).isEqualTo(new BigDecimal("-1.5e2"));
    assertThat(map.get("i")).isEqualTo(new BigDecimal("7"));
    assertThat(map.get("t")).isEqualTo(Boolean.TRUE);
    assertThat(map.get("f")).isEqualTo(Boolean.FALSE);
    assertThat(map.containsKey("z")).isTrue();
    assertThat(map.get("z")).isNull();
    assertThat(map.get("a")).isEqualTo(Arrays.asList(new BigDecimal("1"), List.of(), Map.of()));
    assertThat(map.get("o")).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void rejectsMalformedDocumentsSayingWhere() {
    assertThatThrownBy(() -> MiniJson.parse("{\"a\": }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 6");
    assertThatThrownBy(() -> MiniJson.parse("{\"a\": 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end of JSON");
    assertThatThrownBy(() -> MiniJson.parse("[1] 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after the JSON value");
    assertThatThrownBy(() -> MiniJson.parse("\"\\x\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad escape");
    assertThatThrownBy(() -> MiniJson.parse("404 page not found"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
