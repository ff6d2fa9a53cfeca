package dev.ergokv.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.ergokv.internal.keys.KeyDomains.Domain;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.QuickTheory;

/**
 * The contract of the key encoding, checked for every indexable type on generated values biased to
 * edge cases: round trip, byte order equals value order, prefix-freeness (which implies that the
 * encoding is injective and self-delimiting), and schema-free decoding.
 */
class KeyEncodingPropertiesTest {

  static final long SEED = Long.getLong("ergokv.test.seed", 20260101L);
  static final int EXAMPLES = Integer.getInteger("ergokv.test.examples", 600);

  static QuickTheory theory() {
    return qt().withFixedSeed(SEED).withExamples(EXAMPLES);
  }

  @TestFactory
  Stream<DynamicContainer> everyIndexableType() {
    return KeyDomains.ALL.stream()
        .map(
            domain ->
                DynamicContainer.dynamicContainer(
                    domain.name,
                    Stream.of(
                        DynamicTest.dynamicTest("round trip", () -> roundTrip(domain)),
                        DynamicTest.dynamicTest("byte order is value order", () -> order(domain)),
                        DynamicTest.dynamicTest("no encoding is a prefix of another", () -> prefixFree(domain)),
                        DynamicTest.dynamicTest("self-delimiting in a tuple", () -> selfDelimiting(domain)),
                        DynamicTest.dynamicTest("decodable without schema", () -> schemaFree(domain)))));
  }

  private static <T> void roundTrip(Domain<T> domain) {
    theory()
        .forAll(domain.values)
        .checkAssert(
            value -> {
              byte[] encoded = domain.codec.encode(value);
              KeyReader in = new KeyReader(encoded);
              @SuppressWarnings("unchecked")
              T decoded = (T) domain.codec.decode(in);
              assertThat(in.atEnd()).as("decoder consumed the whole encoding").isTrue();
              assertThat(domain.same.test(decoded, value))
                  .as("%s decodes back from %s, got %s", value, hex(encoded), decoded)
                  .isTrue();
            });
  }

  private static <T> void order(Domain<T> domain) {
    theory()
        .forAll(domain.values, domain.values)
        .checkAssert(
            (a, b) -> {
              int byValue = Integer.signum(domain.order.compare(a, b));
              int byBytes =
                  Integer.signum(Arrays.compareUnsigned(domain.codec.encode(a), domain.codec.encode(b)));
              assertThat(byBytes).as("order of %s and %s", a, b).isEqualTo(byValue);
            });
  }

  private static <T> void prefixFree(Domain<T> domain) {
    theory()
        .forAll(domain.values, domain.values)
        .checkAssert(
            (a, b) -> {
              byte[] x = domain.codec.encode(a);
              byte[] y = domain.codec.encode(b);
              boolean prefix = x.length <= y.length && Arrays.equals(x, 0, x.length, y, 0, x.length);
              assertThat(prefix)
                  .as("%s (%s) is a prefix of %s (%s)", a, hex(x), b, hex(y))
                  .isEqualTo(domain.same.test(a, b));
            });
  }

  private static <T> void selfDelimiting(Domain<T> domain) {
    KeyCodec<?> trailer = KeyCodecs.forClass(String.class);
    theory()
        .forAll(domain.values, KeyDomains.STRINGS)
        .checkAssert(
            (value, after) -> {
              KeyWriter out = new KeyWriter(32);
              domain.codec.encode(value, out);
              trailer.encode(after, out);
              KeyReader in = new KeyReader(out.toByteArray());
              domain.codec.skip(in);
              assertThat(trailer.decode(in)).isEqualTo(after);
              assertThat(in.atEnd()).isTrue();
            });
  }

  private static <T> void schemaFree(Domain<T> domain) {
    theory()
        .forAll(domain.values)
        .checkAssert(
            value -> {
              KeyReader in = new KeyReader(domain.codec.encode(value));
              List<Object> components = new ArrayList<>();
              while (!in.atEnd()) {
                components.add(normal(KeyFormat.decodeAny(in)));
              }
              Object decoded = components.size() == 1 ? components.get(0) : components;
              assertThat(decoded).isEqualTo(domain.normal.apply(value));
            });
  }

  static Object normal(Object component) {
    return component instanceof byte[] ? ByteBuffer.wrap((byte[]) component) : component;
  }

  static String hex(byte[] bytes) {
    return KeySpace.hex(bytes);
  }
}
