package dev.ergokv.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.ergokv.internal.keys.KeyDomains.Domain;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * No two distinct tuples of mixed types share an encoding: every tuple's encoding decodes, without
 * a schema, back to that tuple's normal form, so equal encodings mean equal tuples.
 */
class KeyTupleInjectivityTest {

  /** One component of a tuple: a value and the domain that encodes it. */
  private static final class Component {
    final Domain<Object> domain;
    final Object value;

    @SuppressWarnings("unchecked")
    Component(Domain<?> domain, Object value) {
      this.domain = (Domain<Object>) domain;
      this.value = value;
    }

    Object normal() {
      return domain.normal.apply(value);
    }

    @Override
    public String toString() {
      return domain.name + ":" + value;
    }
  }

  private static Gen<Component> components(List<Domain<?>> domains) {
    return integers()
        .between(0, domains.size() - 1)
        .flatMap(i -> domains.get(i).values.map(value -> new Component(domains.get(i), value)));
  }

  private static byte[] encode(List<Component> tuple) {
    KeyWriter out = new KeyWriter(64);
    for (Component component : tuple) {
      component.domain.codec.encode(component.value, out);
    }
    return out.toByteArray();
  }

  /** The normal form of a tuple: records contribute their components, others one value. */
  private static List<Object> normal(List<Component> tuple) {
    List<Object> normal = new ArrayList<>();
    for (Component component : tuple) {
      Object value = component.normal();
      if (value instanceof List) {
        normal.addAll((List<?>) value);
      } else {
        normal.add(value);
      }
    }
    return normal;
  }

  private static List<Object> decodeWithoutSchema(byte[] encoded) {
    KeyReader in = new KeyReader(encoded);
    List<Object> decoded = new ArrayList<>();
    while (!in.atEnd()) {
      decoded.add(KeyEncodingPropertiesTest.normal(KeyFormat.decodeAny(in)));
    }
    return decoded;
  }

  @Test
  void everyMixedTupleDecodesBackToItselfWithAndWithoutSchema() {
    KeyEncodingPropertiesTest.theory()
        .forAll(lists().of(components(KeyDomains.ALL)).ofSizeBetween(0, 5))
        .checkAssert(
            tuple -> {
              byte[] encoded = encode(tuple);
              assertThat(decodeWithoutSchema(encoded)).isEqualTo(normal(tuple));

              KeyReader in = new KeyReader(encoded);
              for (Component component : tuple) {
                Object decoded = component.domain.codec.decode(in);
                assertThat(component.domain.same.test(decoded, component.value)).isTrue();
              }
              assertThat(in.atEnd()).isTrue();
            });
  }

  @Test
  void tuplesOfNearbyValuesCollideOnlyWhenEqual() {
    // A tiny alphabet of look-alike values makes equal and almost-equal tuples frequent.
    List<Domain<?>> lookAlikes =
        List.of(
            new Domain<>("string", arbitrary().pick("", "a", "\0", "a\0", "\0a", "\u00ff", "ÿ\0"),
                KeyCodecs.forClass(String.class), null, null, v -> v),
            new Domain<>("bytes", arbitrary().pick(List.of(new byte[0], new byte[] {0}, new byte[] {0, 0},
                    new byte[] {(byte) 0xFF}, new byte[] {0, (byte) 0xFF}, new byte[] {0, 1})),
                KeyCodecs.forClass(byte[].class), null, null, ByteBuffer::wrap),
            new Domain<>("long", arbitrary().pick(-1L, 0L, 1L, 255L, 256L, -256L),
                KeyCodecs.forClass(long.class), null, null, v -> java.math.BigInteger.valueOf(v)),
            new Domain<>("int", arbitrary().pick(-1, 0, 1, 256),
                KeyCodecs.forClass(int.class), null, null, v -> java.math.BigInteger.valueOf(v)),
            new Domain<>("boolean", arbitrary().pick(true, false),
                KeyCodecs.forClass(boolean.class), null, null, v -> v));
    Map<ByteBuffer, List<Object>> seen = new HashMap<>();
    int[] collisions = {0};
    KeyEncodingPropertiesTest.theory()
        .withExamples(5000)
        .forAll(lists().of(components(lookAlikes)).ofSizeBetween(0, 3))
        .checkAssert(
            tuple -> {
              List<Object> normal = normal(tuple);
              List<Object> earlier = seen.putIfAbsent(ByteBuffer.wrap(encode(tuple)), normal);
              if (earlier != null) {
                collisions[0]++;
                assertThat(normal).as("tuples with one encoding").isEqualTo(earlier);
              }
            });
    assertThat(collisions[0]).as("equal tuples were generated, so collisions were looked for").isPositive();
  }
}
