package dev.ergokv.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.internal.codec.EntityCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Backup lines: readable JSON for every type a document holds, and exact bytes back, whatever
 * the value (with base64 for what the JSON form cannot say).
 */
class BackupLinesTest {

  private static final byte[] KEY = {0x10, (byte) 0x81, 0x2a};

  enum Mood {
    CALM,
    LOUD
  }

  record Amount(BigDecimal value, String currency) {}

  @Entity(value = "Sample", version = 7)
  static class Sample {
    @Key long id;
    String name;
    String unpaired;
    String longText;
    byte[] bytes;
    float ratio;
    double score;
    double notANumber;
    float infinite;
    BigInteger huge;
    BigInteger negativeHuge;
    BigDecimal price;
    BigDecimal hugePrice;
    UUID uuid;
    Instant when;
    Mood mood;
    Optional<String> nickname;
    List<Amount> amounts;
    Map<String, Long> tricky;
    long min;
    long max;
  }

  private static Sample sample() {
    Sample s = new Sample();
    s.id = 42;
    s.name = "Ann \"the\" Lee\n\u00e9\u6771\ud83d\ude00";
    s.unpaired = "a\ud800b\udc00";
    s.longText = "x\u00e9".repeat(6000);
    s.bytes = new byte[] {0, 1, (byte) 0xFF};
    s.ratio = 1.5f;
    s.score = -0.0;
    s.notANumber = Double.NaN;
    s.infinite = Float.NEGATIVE_INFINITY;
    s.huge = BigInteger.TWO.pow(130);
    s.negativeHuge = BigInteger.TWO.pow(100).negate();
    s.price = new BigDecimal("12.50");
    s.hugePrice = new BigDecimal("-123456789012345678901234567890.125");
    s.uuid = new UUID(-1, 5);
    s.when = Instant.ofEpochSecond(-5, 7);
    s.mood = Mood.LOUD;
    s.nickname = Optional.empty();
    s.amounts = List.of(new Amount(BigDecimal.ONE, "EUR"));
    s.tricky = new LinkedHashMap<>();
    s.tricky.put("$bytes", 1L);
    s.tricky.put("$$double", 2L);
    s.tricky.put("plain", null);
    s.min = Long.MIN_VALUE;
    s.max = Long.MAX_VALUE;
    return s;
  }

  private static String line(byte[] value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Lines.Writer(out).write(KEY, value);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Lines.Entry read(String line) throws IOException {
    return new Lines.Reader(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "test.ndjson").next();
  }

  @Test
  void everyTypeIsReadableAndComesBackByteForByte() throws IOException {
    byte[] value = EntityCodec.of(Sample.class).encode(sample());

    String line = line(value);

    assertThat(line)
        .startsWith("{\"key\":\"10812a\",\"version\":7,\"fields\":{\"amounts\":[{\"value\":{\"$decimal\":\"1\"},\"currency\":\"EUR\"}]")
        .contains("\"name\":\"Ann \\\"the\\\" Lee\\n\u00e9\u6771\ud83d\ude00\"")
        .contains("\"unpaired\":{\"$utf16\":\"a\\ud800b\\udc00\"}")
        .contains("\"longText\":{\"$chunks\":[\"x\u00e9x\u00e9")
        .contains("\"bytes\":{\"$bytes\":\"AAH/\"}")
        .contains("\"ratio\":{\"$f32\":1.5}")
        .contains("\"score\":-0.0")
        .contains("\"notANumber\":{\"$f64\":\"NaN\"}")
        .contains("\"infinite\":{\"$f32\":\"-Infinity\"}")
        .contains("\"huge\":{\"$bigint\":\"1361129467683753853853498429727072845824\"}")
        .contains("\"negativeHuge\":{\"$bigint\":\"-1267650600228229401496703205376\"}")
        .contains("\"price\":{\"$decimal\":\"12.50\"}")
        .contains("\"hugePrice\":{\"$decimal\":\"-123456789012345678901234567890.125\"}")
        .contains("\"mood\":\"LOUD\"")
        .contains("\"nickname\":null")
        .contains("\"tricky\":{\"$$bytes\":1,\"$$$double\":2,\"plain\":null}")
        .contains("\"max\":9223372036854775807,\"min\":-9223372036854775808")
        .endsWith("}}\n")
        .doesNotContain("\"raw\"");
    Lines.Entry entry = read(line);
    assertThat(entry.raw()).isFalse();
    assertThat(entry.version()).isEqualTo(7);
    assertThat(entry.keyComponent()).isEqualTo(KEY);
    assertThat(entry.value()).isEqualTo(value);
  }

  @Test
  void aDocumentWithoutAnExactJsonFormIsWrittenInBase64() throws IOException {
    byte[] halfFloat = {(byte) 0xEC, 0x02, (byte) 0xA1, 0x61, 'x', (byte) 0xF9, 0x3C, 0x00};
    byte[] longerThanNeeded = {(byte) 0xEC, 0x02, (byte) 0xA1, 0x61, 'x', 0x18, 0x05};
    byte[] nanPayload = {(byte) 0xEC, 0x02, (byte) 0xA1, 0x61, 'x', (byte) 0xFB, 0x7F, (byte) 0xF0, 0, 0, 0, 0, 0, 1};
    byte[] noHeader = {0x01, 0x02};

    for (byte[] value : List.of(halfFloat, longerThanNeeded, nanPayload, noHeader)) {
      String line = line(value);
      assertThat(line).contains("\"raw\":\"").doesNotContain("\"fields\"");
      if (value != noHeader) {
        assertThat(read(line).value()).isEqualTo(value);
      }
    }
    assertThat(line(noHeader)).contains("\"version\":0");
  }

  @Test
  void anyStringNumberOrBytesComesBackExactly() {
    qt().withFixedSeed(20260107L)
        .withExamples(400)
        .forAll(
            strings().allPossible().ofLengthBetween(0, 40),
            doubles().any(),
            floats().any(),
            longs().all())
        .checkAssert(
            (text, d, f, l) -> {
              int scale = (int) (l % 40);
              Sample s = new Sample();
              s.id = l;
              s.name = text;
              s.unpaired = text + "\ud800";
              s.score = d;
              s.ratio = f;
              s.min = l;
              s.price = BigDecimal.valueOf(l, scale);
              s.huge = BigInteger.valueOf(l).shiftLeft(70 + Math.abs(scale));
              s.bytes = text.getBytes(StandardCharsets.UTF_16BE);
              s.tricky = Map.of("$" + l, l); // (map keys must be valid Unicode)
              byte[] value = EntityCodec.of(Sample.class).encode(s);
              try {
                assertThat(read(line(value)).value()).isEqualTo(value);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void aMalformedLineIsRefusedWithTheFileAndLineNumber() throws IOException {
    String good = line(EntityCodec.of(Sample.class).encode(sample()));
    String lines = good + "{\"key\":\"10\",\"version\":7,\"fields\":{\"$nope\":1}}\n";
    Lines.Reader reader = new Lines.Reader(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), "0001-Sample.ndjson");

    assertThat(reader.next()).isNotNull();
    assertThatThrownBy(reader::next)
        .isInstanceOf(Lines.BackupProblem.class)
        .hasMessageStartingWith("0001-Sample.ndjson, line 2: malformed: unknown member '$nope'");
    Lines.Reader truncated = new Lines.Reader(new ByteArrayInputStream(good.substring(0, 30).getBytes(StandardCharsets.UTF_8)), "f");
    assertThatThrownBy(truncated::next)
        .hasMessage("f, line 1: the last line does not end with a newline (truncated file?)");
  }
}
