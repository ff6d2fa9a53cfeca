package dev.ergokv.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.ergokv.CorruptValueException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A value that does not decode raises CorruptValueException naming model and key. */
class CorruptValueTest {

  private static final byte[] KEY = {0x20, 'a', 'p', 'p', 0, 1, 'E', 0x20, 'U', 0, 1, 0x10, (byte) 0x81, 7};

  enum Level {
    LOW,
    HIGH
  }

  static class Inner {
    int depth;
  }

  @Entity("Sample")
  static class Sample {
    @Key long id;
    int count;
    String name;
    Level level;
    Inner inner;
    List<Integer> numbers;
  }

  private static final EntityCodec<Sample> CODEC = EntityCodec.of(Sample.class);

  /** A value with a valid header around a document written by {@code body}. */
  private static byte[] value(IoConsumer body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(EntityCodec.FORMAT);
    out.write(1);
    try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
      body.accept(generator);
    }
    return out.toByteArray();
  }

  interface IoConsumer {
    void accept(CBORGenerator generator) throws IOException;
  }

  private static void assertCorrupt(byte[] value, String problem) {
    assertThatThrownBy(() -> CODEC.decode(KEY, value))
        .isInstanceOf(CorruptValueException.class)
        // The key names another model than the codec's: it is rendered component by component.
        .hasMessageContaining("Corrupt stored record of model 'Sample' at \"app\"/E/\"U\"/7: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\\x"))
        .hasMessageContaining(problem)
        .satisfies(
            e -> {
              CorruptValueException corrupt = (CorruptValueException) e;
              assertThat(corrupt.model()).isEqualTo("Sample");
              assertThat(corrupt.key()).isEqualTo(KEY);
            });
  }

  @Test
  void badHeaders() {
    assertCorrupt(new byte[0], "the value is empty");
    assertCorrupt(new byte[] {0x7B}, "unknown value format 0x7b");
    assertCorrupt(new byte[] {(byte) 0xEC}, "the header is truncated");
    assertCorrupt(new byte[] {(byte) 0xEC, (byte) 0x80}, "the header is truncated");
    assertCorrupt(new byte[] {(byte) 0xEC, 0}, "invalid schema version 0");
    assertCorrupt(
        new byte[] {(byte) 0xEC, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1},
        "too long");
    assertThatThrownBy(() -> CODEC.storedVersion(KEY, new byte[] {1, 2}))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("unknown value format 0x1");
  }

  @Test
  void truncatedOrTrailingDocuments() throws IOException {
    Sample sample = new Sample();
    sample.name = "a name long enough to be cut";
    byte[] whole = CODEC.encode(sample);

    for (int length = 2; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> CODEC.decode(KEY, cut))
          .as("cut at %d of %d bytes", length, whole.length)
          .isInstanceOf(CorruptValueException.class)
          .hasMessageContaining("model 'Sample'");
    }
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
    assertCorrupt(trailing, "unexpected data after the document");
    assertCorrupt(value(g -> g.writeNumber(5)), "the document is not a map (found an integer)");
  }

  @Test
  void storedValuesOfTheWrongTypeNameTheField() throws IOException {
    assertCorrupt(
        value(g -> {
          g.writeStartObject();
          g.writeStringField("count", "twelve");
          g.writeEndObject();
        }),
        "field 'count': expected an integer (int), found a text string");
    assertCorrupt(
        value(g -> {
          g.writeStartObject();
          g.writeFieldName("inner");
          g.writeStartObject();
          g.writeBooleanField("depth", true);
          g.writeEndObject();
          g.writeEndObject();
        }),
        "field 'inner.depth': expected an integer (int), found a boolean");
    assertCorrupt(
        value(g -> {
          g.writeStartObject();
          g.writeFieldName("numbers");
          g.writeStartArray();
          g.writeNumber(1);
          g.writeString("two");
          g.writeEndArray();
          g.writeEndObject();
        }),
        "field 'numbers.[1]': expected an integer (int), found a text string");
    assertCorrupt(
        value(g -> {
          g.writeStartObject();
          g.writeStringField("level", "MEDIUM");
          g.writeEndObject();
        }),
        "field 'level': enum " + Level.class.getName() + " has no constant MEDIUM (was it renamed or removed? migrate the stored values)");
    assertCorrupt(
        value(g -> {
          g.writeStartObject();
          g.writeNumberField("count", 1L << 33);
          g.writeEndObject();
        }),
        "field 'count': 8589934592 does not fit a int");
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkipped() throws IOException {
    Sample sample =
        CODEC.decode(
            KEY,
            value(g -> {
              g.writeStartObject();
              g.writeFieldName("gone");
              g.writeStartObject();
              g.writeFieldName("deep");
              g.writeStartArray();
              g.writeString("x");
              g.writeEndArray();
              g.writeEndObject();
              g.writeStringField("name", "kept");
              g.writeNumberField("count", 3);
              g.writeEndObject();
            }));

    assertThat(sample.name).isEqualTo("kept");
    assertThat(sample.count).isEqualTo(3);
  }

  @Entity("Checked")
  record Checked(@Key long id, String required) {
    Checked {
      Objects.requireNonNull(required, "required");
    }
  }

  @Test
  void aConstructorThatRefusesTheStoredValuesIsReportedWithTheKey() throws IOException {
    byte[] missing = value(g -> {
      g.writeStartObject();
      g.writeNumberField("id", 1);
      g.writeEndObject();
    });

    assertThatThrownBy(() -> EntityCodec.of(Checked.class).decode(KEY, missing))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("model 'Checked'")
        .hasMessageContaining("canonical constructor of record " + Checked.class.getName() + " failed");
  }
}
