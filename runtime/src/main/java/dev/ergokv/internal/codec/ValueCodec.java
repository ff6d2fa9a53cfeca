package dev.ergokv.internal.codec;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;

/**
 * Writes and reads values of one field type as CBOR, on Jackson's streaming API. One instance per
 * type of each model, prepared once by {@link ValueCodecs}; stateless and thread-safe.
 *
 * <p>Nulls never reach a codec: callers write CBOR null for a null value and, reading a CBOR null,
 * use {@link #absentValue()} instead of calling {@link #read}.
 */
abstract class ValueCodec {

  private final Object absentValue;

  ValueCodec(Object absentValue) {
    this.absentValue = absentValue;
  }

  /** Writes {@code value}, which is not null. */
  abstract void write(CBORGenerator out, Object value) throws IOException;

  /**
   * Reads a value whose first token, {@code token}, is current; leaves its last token current.
   *
   * @throws DecodeException when the stored value does not fit the type
   */
  abstract Object read(CBORParser in, JsonToken token) throws IOException;

  /** The value a stored null stands for: {@code Optional.empty()} for Optionals, else null. */
  final Object absentValue() {
    return absentValue;
  }

  /** Writes {@code value}, or CBOR null. */
  final void writeNullable(CBORGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      write(out, value);
    }
  }

  /** Reads the next value, mapping CBOR null to {@link #absentValue()}. */
  final Object readNext(CBORParser in) throws IOException {
    JsonToken token = in.nextToken();
    if (token == JsonToken.VALUE_NULL) {
      return absentValue;
    }
    if (token == null) {
      throw new DecodeException("document ends where a value was expected");
    }
    return read(in, token);
  }
}
