package dev.ergokv.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The documented byte layouts (docs/mapping.md), and the rejection of non-canonical bytes. */
class KeyFormatTest {

  private static String hex(Class<?> type, Object value) {
    return KeySpace.hex(KeyCodecs.forClass(type).encode(value));
  }

  private static Object decode(Class<?> type, String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    KeyReader in = new KeyReader(bytes);
    Object value = KeyCodecs.forClass(type).decode(in);
    in.expectEnd();
    return value;
  }

  @Test
  void integersAreLengthPrefixedAroundZero() {
    assertThat(hex(long.class, 0L)).isEqualTo("1080");
    assertThat(hex(long.class, 1L)).isEqualTo("108101");
    assertThat(hex(long.class, 256L)).isEqualTo("10820100");
    assertThat(hex(long.class, -1L)).isEqualTo("107ffe");
    assertThat(hex(long.class, -256L)).isEqualTo("107efeff");
    assertThat(hex(long.class, Long.MIN_VALUE)).isEqualTo("10787fffffffffffffff");
    assertThat(hex(BigInteger.class, BigInteger.ONE.shiftLeft(64))).isEqualTo("1089010000000000000000");
    assertThat(hex(int.class, 5)).isEqualTo(hex(long.class, 5L)).isEqualTo(hex(BigInteger.class, BigInteger.valueOf(5)));
  }

  @Test
  void stringsEscapeZeroAndEndWithZeroOne() {
    assertThat(hex(String.class, "")).isEqualTo("200001");
    assertThat(hex(String.class, "a\0")).isEqualTo("206100ff0001");
    assertThat(hex(String.class, "\u00ff")).isEqualTo("20c3bf0001");
    assertThat(hex(String.class, "\ud83d\ude00")).isEqualTo("20f09f98800001");
    assertThat(hex(String.class, "\ud800")).as("unpaired surrogate kept").isEqualTo("20eda0800001");
    assertThat(decode(String.class, "20eda0800001")).isEqualTo("\ud800");
  }

  @Test
  void uuidsSortAsTheirTextNotAsUuidCompareTo() {
    UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
    UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
    byte[] lowKey = KeyCodecs.forClass(UUID.class).encode(low);
    byte[] highKey = KeyCodecs.forClass(UUID.class).encode(high);

    assertThat(low.toString().compareTo(high.toString())).isNegative();
    assertThat(java.util.Arrays.compareUnsigned(lowKey, highKey)).isNegative();
    assertThat(low.compareTo(high)).as("Java's signed order differs").isPositive();
  }

  @Test
  void decimalsAreKeyedByNumericValue() {
    assertThat(hex(BigDecimal.class, new BigDecimal("1.0")))
        .isEqualTo(hex(BigDecimal.class, new BigDecimal("1.00")))
        .isEqualTo(hex(BigDecimal.class, BigDecimal.ONE))
        .isEqualTo("16810120");
    assertThat(hex(BigDecimal.class, new BigDecimal("0.00"))).isEqualTo("15");
    assertThat(decode(BigDecimal.class, "16810120")).isEqualTo(BigDecimal.ONE);
  }

  @Test
  void floatingPointFollowsDoubleCompare() {
    KeyCodec<?> codec = KeyCodecs.forClass(double.class);
    byte[] negativeZero = codec.encode(-0.0);
    byte[] zero = codec.encode(0.0);
    byte[] infinity = codec.encode(Double.POSITIVE_INFINITY);
    byte[] nan = codec.encode(Double.NaN);

    assertThat(java.util.Arrays.compareUnsigned(negativeZero, zero)).isNegative();
    assertThat(java.util.Arrays.compareUnsigned(infinity, nan)).isNegative();
    assertThat(codec.encode(Double.longBitsToDouble(0x7ff0000000000123L))).as("one NaN").isEqualTo(nan);
    assertThat(KeyCodecs.forClass(float.class).encode(1.5f)).isEqualTo(codec.encode(1.5));
  }

  @Test
  void nonCanonicalOrOutOfRangeBytesAreMalformed() {
    assertThatThrownBy(() -> decode(long.class, "108100")).hasMessageContaining("non-canonical integer");
    assertThatThrownBy(() -> decode(long.class, "1089010000000000000000")).hasMessageContaining("does not fit 64 bits");
    assertThatThrownBy(() -> decode(int.class, "10850100000000")).hasMessageContaining("does not fit a int");
    assertThatThrownBy(() -> decode(String.class, "20c0800001")).hasMessageContaining("invalid UTF-8 lead byte");
    assertThatThrownBy(() -> decode(String.class, "20eda080edb0800001")).hasMessageContaining("surrogate pair encoded as two sequences");
    assertThatThrownBy(() -> decode(String.class, "2061000201")).hasMessageContaining("bad escape");
    assertThatThrownBy(() -> decode(String.class, "2061")).hasMessageContaining("key ends inside a component");
    assertThatThrownBy(() -> decode(String.class, "1080")).hasMessageContaining("expected a String component, found tag 0x10");
    assertThatThrownBy(() -> decode(KeyDomains.Colour.class, "2150555250 4c450001".replace(" ", "")))
        .hasMessageContaining("has no constant PURPLE");
    assertThatThrownBy(() -> decode(BigDecimal.class, "1681012000")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> decode(BigDecimal.class, "16810110")).hasMessageContaining("non-canonical decimal digits");
  }
}
