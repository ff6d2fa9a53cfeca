package dev.ergokv.internal.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ergokv.internal.keys.KeyReader;
import dev.ergokv.internal.keys.KeyWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A lossless, human-readable JSON form of the CBOR documents ErgoKV stores: an entity's fields
 * as a JSON object, with the CBOR that JSON cannot say written as one-member objects whose name
 * starts with {@code $}:
 *
 * <table>
 *   <caption>CBOR items and their JSON form</caption>
 *   <tr><th>CBOR</th><th>JSON</th></tr>
 *   <tr><td>integer (major type 0/1, any size up to 64 bits)</td><td>number without fraction</td></tr>
 *   <tr><td>float64</td><td>number with a fraction or exponent; NaN and infinities as {@code {"$f64": "NaN"}}</td></tr>
 *   <tr><td>float32</td><td>{@code {"$f32": 1.5}} (or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"})</td></tr>
 *   <tr><td>text</td><td>string</td></tr>
 *   <tr><td>text in chunks (indefinite length)</td><td>{@code {"$chunks": ["...", "..."]}}</td></tr>
 *   <tr><td>byte string</td><td>{@code {"$bytes": "base64"}}</td></tr>
 *   <tr><td>bignum (tags 2, 3)</td><td>{@code {"$bigint": "-123456789012345678901234567890"}}</td></tr>
 *   <tr><td>decimal fraction (tag 4)</td><td>{@code {"$decimal": "1.50"}} (scale kept)</td></tr>
 *   <tr><td>a string that is not valid Unicode (tag 4542027)</td><td>{@code {"$utf16": "a\ud800b"}}</td></tr>
 *   <tr><td>any other tag</td><td>{@code {"$tag": [number, item]}}</td></tr>
 *   <tr><td>map with text keys</td><td>object; a key that starts with {@code $} gets one more {@code $}</td></tr>
 *   <tr><td>array, true, false, null</td><td>the same</td></tr>
 * </table>
 *
 * <p>{@link #toJson} refuses ({@link NotRepresentable}) anything it could not give back byte for
 * byte (non-minimal lengths, other simple values, half floats, invalid UTF-8, non-text map keys,
 * indefinite containers); the backup then stores that value in base64. It also checks every value
 * by converting it back ({@link #toCbor}) and comparing the bytes.
 */
public final class CborJson {

  /** The tag of strings with unpaired surrogates (as written by the value codec). */
  static final long UNPAIRED_SURROGATE_STRING_TAG = 4_542_027;

  /** A CBOR item that this JSON form cannot give back exactly. */
  public static final class NotRepresentable extends Exception {
    private static final long serialVersionUID = 1L;

    NotRepresentable(String what) {
      super(what, null, false, false);
    }
  }

  private CborJson() {}

  // ================================================================== CBOR -> JSON

  /**
   * Writes the one CBOR item in {@code cbor[offset..]} as JSON.
   *
   * @throws NotRepresentable when the item has a form the JSON cannot give back exactly, or the
   *     bytes are not one well-formed item
   */
  public static void toJson(byte[] cbor, int offset, JsonGenerator out)
      throws NotRepresentable, IOException {
    Reader in = new Reader(cbor, offset);
    try {
      in.item(out);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new NotRepresentable("truncated CBOR");
    }
    if (in.pos != cbor.length) {
      throw new NotRepresentable("data after the document");
    }
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    Reader(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    void item(JsonGenerator out) throws NotRepresentable, IOException {
      int initial = b[pos++] & 0xFF;
      int major = initial >>> 5;
      int info = initial & 0x1F;
      if (info == 31) {
        if (major != 3) {
          throw new NotRepresentable("indefinite length of major type " + major);
        }
        out.writeStartObject();
        out.writeFieldName("$chunks");
        out.writeStartArray();
        while ((b[pos] & 0xFF) != 0xFF) {
          int chunk = b[pos++] & 0xFF;
          if (chunk >>> 5 != 3 || (chunk & 0x1F) == 31) {
            throw new NotRepresentable("a text chunk that is not definite text");
          }
          out.writeString(text(length(chunk & 0x1F)));
        }
        pos++;
        out.writeEndArray();
        out.writeEndObject();
        return;
      }
      if (major == 7) {
        simple(info, out);
        return;
      }
      long argument = argument(info);
      switch (major) {
        case 0:
          writeInteger(out, unsigned(argument));
          return;
        case 1:
          writeInteger(out, unsigned(argument).negate().subtract(BigInteger.ONE));
          return;
        case 2:
          out.writeStartObject();
          out.writeFieldName("$bytes");
          out.writeString(Base64.getEncoder().encodeToString(bytes(checkedLength(argument))));
          out.writeEndObject();
          return;
        case 3:
          out.writeString(text(checkedLength(argument)));
          return;
        case 4:
          out.writeStartArray();
          for (long i = 0; i < argument; i++) {
            item(out);
          }
          out.writeEndArray();
          return;
        case 5:
          out.writeStartObject();
          for (long i = 0; i < argument; i++) {
            int keyHead = b[pos++] & 0xFF;
            if (keyHead >>> 5 != 3 || (keyHead & 0x1F) == 31) {
              throw new NotRepresentable("a map key that is not definite text");
            }
            String key = text(length(keyHead & 0x1F));
            out.writeFieldName(key.startsWith("$") ? "$" + key : key);
            item(out);
          }
          out.writeEndObject();
          return;
        default:
          tagged(argument, out);
      }
    }

    private void tagged(long tag, JsonGenerator out) throws NotRepresentable, IOException {
      out.writeStartObject();
      if ((tag == 2 || tag == 3) && (b[pos] & 0xFF) >>> 5 == 2) {
        byte[] magnitude = bytes(length(b[pos++] & 0x1F));
        BigInteger value = new BigInteger(1, magnitude);
        out.writeFieldName("$bigint");
        out.writeString((tag == 2 ? value : value.negate().subtract(BigInteger.ONE)).toString());
      } else if (tag == 4 && (b[pos] & 0xFF) == 0x82) {
        pos++;
        BigInteger exponent = integer();
        BigInteger mantissa = integerOrBignum();
        if (exponent.bitLength() > 31) {
          throw new NotRepresentable("decimal exponent out of range");
        }
        out.writeFieldName("$decimal");
        out.writeString(new BigDecimal(mantissa, -exponent.intValueExact()).toString());
      } else if (tag == UNPAIRED_SURROGATE_STRING_TAG && (b[pos] & 0xFF) >>> 5 == 2) {
        byte[] body = bytes(length(b[pos++] & 0x1F));
        KeyReader reader = new KeyReader(body);
        String text;
        try {
          text = reader.readEscapedUtf8();
          reader.expectEnd();
        } catch (RuntimeException e) {
          throw new NotRepresentable("malformed tagged string");
        }
        out.writeFieldName("$utf16");
        out.writeRawValue(escapeAll(text));
      } else {
        out.writeFieldName("$tag");
        out.writeStartArray();
        out.writeNumber(tag);
        item(out);
        out.writeEndArray();
      }
      out.writeEndObject();
    }

    private BigInteger integer() throws NotRepresentable {
      int head = b[pos++] & 0xFF;
      int major = head >>> 5;
      if (major > 1) {
        throw new NotRepresentable("expected an integer");
      }
      BigInteger value = unsigned(argument(head & 0x1F));
      return major == 0 ? value : value.negate().subtract(BigInteger.ONE);
    }

    private BigInteger integerOrBignum() throws NotRepresentable {
      int head = b[pos] & 0xFF;
      if (head == 0xC2 || head == 0xC3) {
        pos++;
        int bytesHead = b[pos++] & 0xFF;
        if (bytesHead >>> 5 != 2) {
          throw new NotRepresentable("a bignum that is not a byte string");
        }
        BigInteger value = new BigInteger(1, bytes(length(bytesHead & 0x1F)));
        return head == 0xC2 ? value : value.negate().subtract(BigInteger.ONE);
      }
      return integer();
    }

    private void simple(int info, JsonGenerator out) throws NotRepresentable, IOException {
      switch (info) {
        case 20:
          out.writeBoolean(false);
          return;
        case 21:
          out.writeBoolean(true);
          return;
        case 22:
          out.writeNull();
          return;
        case 26: {
          int bits = (int) big(4);
          float value = Float.intBitsToFloat(bits);
          if (Float.isNaN(value) && bits != Float.floatToIntBits(Float.NaN)) {
            throw new NotRepresentable("a float NaN with a payload");
          }
          out.writeStartObject();
          out.writeFieldName("$f32");
          if (Float.isFinite(value)) {
            out.writeNumber(value);
          } else {
            out.writeString(Float.toString(value));
          }
          out.writeEndObject();
          return;
        }
        case 27: {
          long bits = big(8);
          double value = Double.longBitsToDouble(bits);
          if (Double.isFinite(value)) {
            out.writeNumber(value);
          } else {
            if (bits != Double.doubleToLongBits(value)) {
              throw new NotRepresentable("a double NaN with a payload");
            }
            out.writeStartObject();
            out.writeFieldName("$f64");
            out.writeString(Double.toString(value));
            out.writeEndObject();
          }
          return;
        }
        default:
          throw new NotRepresentable("simple value " + info);
      }
    }

    /** The argument of a head with this additional info; refuses non-minimal encodings. */
    private long argument(int info) throws NotRepresentable {
      if (info < 24) {
        return info;
      }
      long value;
      long floor;
      switch (info) {
        case 24:
          value = big(1);
          floor = 24;
          break;
        case 25:
          value = big(2);
          floor = 0x100;
          break;
        case 26:
          value = big(4);
          floor = 0x10000;
          break;
        case 27:
          value = big(8);
          floor = 0x100000000L;
          break;
        default:
          throw new NotRepresentable("reserved additional information " + info);
      }
      if (Long.compareUnsigned(value, floor) < 0) {
        throw new NotRepresentable("a length or integer not in its shortest form");
      }
      return value;
    }

    private long big(int count) {
      long value = 0;
      for (int i = 0; i < count; i++) {
        value = value << 8 | (b[pos++] & 0xFF);
      }
      return value;
    }

    private int length(int info) throws NotRepresentable {
      return checkedLength(argument(info));
    }

    private int checkedLength(long length) throws NotRepresentable {
      if (length < 0 || length > b.length - pos) {
        throw new NotRepresentable("a length beyond the value");
      }
      return (int) length;
    }

    private byte[] bytes(int length) {
      byte[] out = Arrays.copyOfRange(b, pos, pos + length);
      pos += length;
      return out;
    }

    private String text(int length) throws NotRepresentable {
      try {
        String text = utf8.decode(ByteBuffer.wrap(b, pos, length)).toString();
        pos += length;
        return text;
      } catch (CharacterCodingException e) {
        throw new NotRepresentable("text that is not valid UTF-8");
      }
    }
  }

  private static void writeInteger(JsonGenerator out, BigInteger value) throws IOException {
    if (value.bitLength() < 64) {
      out.writeNumber(value.longValue());
    } else {
      out.writeNumber(value);
    }
  }

  private static BigInteger unsigned(long value) {
    BigInteger big = BigInteger.valueOf(value & Long.MAX_VALUE);
    return value < 0 ? big.setBit(63) : big;
  }

  /** A JSON string literal with every character outside printable ASCII escaped. */
  private static String escapeAll(String text) {
    StringBuilder json = new StringBuilder(text.length() + 8).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  // ================================================================== JSON -> CBOR

  /**
   * Reads the JSON value that starts at {@code token} and appends its CBOR to {@code out}.
   *
   * @throws IOException when the JSON is not in this form (the message says where)
   */
  public static void toCbor(JsonParser in, JsonToken token, Buffer out) throws IOException {
    if (token == null) {
      throw new IOException("unexpected end of the line");
    }
    switch (token) {
      case VALUE_NUMBER_INT:
        if (in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          writeInteger(out, in.getBigIntegerValue());
        } else {
          long value = in.getLongValue();
          if (value >= 0) {
            out.head(0, value);
          } else {
            out.head(1, -1 - value);
          }
        }
        return;
      case VALUE_NUMBER_FLOAT:
        out.write(0xFB);
        out.big(Double.doubleToRawLongBits(Double.parseDouble(in.getText())), 8);
        return;
      case VALUE_STRING:
        out.text(in.getText());
        return;
      case VALUE_TRUE:
        out.write(0xF5);
        return;
      case VALUE_FALSE:
        out.write(0xF4);
        return;
      case VALUE_NULL:
        out.write(0xF6);
        return;
      case START_ARRAY: {
        Buffer items = new Buffer();
        long count = 0;
        for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
          toCbor(in, next, items);
          count++;
        }
        out.head(4, count);
        out.append(items);
        return;
      }
      case START_OBJECT: {
        String name = in.nextFieldName();
        if (name != null && name.startsWith("$") && !name.startsWith("$$")) {
          wrapper(in, name, out);
          if (in.nextToken() != JsonToken.END_OBJECT) {
            throw new IOException("'" + name + "' must be the only member of its object");
          }
          return;
        }
        Buffer entries = new Buffer();
        long count = 0;
        for (; name != null; name = in.nextFieldName()) {
          entries.text(name.startsWith("$$") ? name.substring(1) : name);
          toCbor(in, in.nextToken(), entries);
          count++;
        }
        out.head(5, count);
        out.append(entries);
        return;
      }
      default:
        throw new IOException("unexpected JSON " + token);
    }
  }

  private static void wrapper(JsonParser in, String name, Buffer out) throws IOException {
    JsonToken value = in.nextToken();
    try {
      switch (name) {
        case "$bytes": {
          byte[] bytes = Base64.getDecoder().decode(stringOf(in, value, name));
          out.head(2, bytes.length);
          out.write(bytes);
          return;
        }
        case "$bigint": {
          BigInteger integer = new BigInteger(stringOf(in, value, name));
          out.head(6, integer.signum() >= 0 ? 2 : 3);
          byte[] magnitude = magnitude(integer.signum() >= 0 ? integer : integer.negate().subtract(BigInteger.ONE));
          out.head(2, magnitude.length);
          out.write(magnitude);
          return;
        }
        case "$decimal": {
          BigDecimal decimal = new BigDecimal(stringOf(in, value, name));
          out.head(6, 4);
          out.write(0x82);
          long exponent = -(long) decimal.scale();
          if (exponent >= 0) {
            out.head(0, exponent);
          } else {
            out.head(1, -1 - exponent);
          }
          BigInteger mantissa = decimal.unscaledValue();
          if (mantissa.bitLength() < 64) {
            writeInteger(out, mantissa);
          } else {
            out.head(6, mantissa.signum() >= 0 ? 2 : 3);
            byte[] magnitude = magnitude(mantissa.signum() >= 0 ? mantissa : mantissa.negate().subtract(BigInteger.ONE));
            out.head(2, magnitude.length);
            out.write(magnitude);
          }
          return;
        }
        case "$utf16": {
          KeyWriter body = new KeyWriter(16);
          body.writeEscapedUtf8(stringOf(in, value, name));
          byte[] bytes = body.toByteArray();
          out.head(6, UNPAIRED_SURROGATE_STRING_TAG);
          out.head(2, bytes.length);
          out.write(bytes);
          return;
        }
        case "$f32": {
          if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IOException("'$f32' must hold a number or \"NaN\", \"Infinity\", \"-Infinity\"");
          }
          float number = Float.parseFloat(in.getText());
          out.write(0xFA);
          out.big(Float.floatToRawIntBits(number), 4);
          return;
        }
        case "$f64": {
          out.write(0xFB);
          out.big(Double.doubleToRawLongBits(Double.parseDouble(stringOf(in, value, name))), 8);
          return;
        }
        case "$chunks": {
          if (value != JsonToken.START_ARRAY) {
            throw new IOException("'$chunks' must hold an array of strings");
          }
          out.write(0x7F);
          for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
            out.text(stringOf(in, next, name));
          }
          out.write(0xFF);
          return;
        }
        case "$tag": {
          if (value != JsonToken.START_ARRAY || in.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("'$tag' must hold [number, item]");
          }
          out.head(6, in.getLongValue());
          toCbor(in, in.nextToken(), out);
          if (in.nextToken() != JsonToken.END_ARRAY) {
            throw new IOException("'$tag' must hold [number, item]");
          }
          return;
        }
        default:
          throw new IOException("unknown member '" + name + "' (a map key starting with '$' is written '$$')");
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed '" + name + "': " + e.getMessage(), e);
    }
  }

  private static String stringOf(JsonParser in, JsonToken token, String name) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw new IOException("'" + name + "' must hold a string");
    }
    return in.getText();
  }

  private static void writeInteger(Buffer out, BigInteger value) throws IOException {
    if (value.signum() >= 0) {
      if (value.bitLength() > 64) {
        throw new IOException("integer " + value + " exceeds 64 bits");
      }
      out.head(0, value.longValue());
    } else {
      BigInteger argument = value.negate().subtract(BigInteger.ONE);
      if (argument.bitLength() > 64) {
        throw new IOException("integer " + value + " exceeds 64 bits");
      }
      out.head(1, argument.longValue());
    }
  }

  private static byte[] magnitude(BigInteger nonNegative) {
    byte[] bytes = nonNegative.toByteArray();
    int start = 0;
    while (start < bytes.length - 1 && bytes[start] == 0) {
      start++;
    }
    return start == 0 ? bytes : Arrays.copyOfRange(bytes, start, bytes.length);
  }

  /** A growable byte buffer that writes CBOR heads. */
  public static final class Buffer {
    private byte[] bytes = new byte[128];
    private int length;

    /** Appends one byte. */
    public void write(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    /** Appends bytes. */
    public void write(byte[] source) {
      ensure(source.length);
      System.arraycopy(source, 0, bytes, length, source.length);
      length += source.length;
    }

    void append(Buffer other) {
      ensure(other.length);
      System.arraycopy(other.bytes, 0, bytes, length, other.length);
      length += other.length;
    }

    /** A head of major type {@code major} with an unsigned argument, in its shortest form. */
    void head(int major, long argument) {
      int type = major << 5;
      if (argument >= 0 && argument < 24) {
        write(type | (int) argument);
      } else if (argument >= 0 && argument <= 0xFF) {
        write(type | 24);
        big(argument, 1);
      } else if (argument >= 0 && argument <= 0xFFFF) {
        write(type | 25);
        big(argument, 2);
      } else if (argument >= 0 && argument <= 0xFFFFFFFFL) {
        write(type | 26);
        big(argument, 4);
      } else {
        write(type | 27);
        big(argument, 8);
      }
    }

    void big(long value, int count) {
      ensure(count);
      for (int i = count - 1; i >= 0; i--) {
        bytes[length++] = (byte) (value >>> (8 * i));
      }
    }

    void text(String text) throws IOException {
      for (int i = 0, n = text.length(); i < n; i++) {
        char c = text.charAt(i);
        if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
            i++;
          } else {
            throw new IOException("a string that is not valid Unicode (write it as {\"$utf16\": ...})");
          }
        }
      }
      // Valid Unicode: the JDK's encoder gives exactly the UTF-8.
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      head(3, utf8.length);
      write(utf8);
    }

    private void ensure(int extra) {
      if (length + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
      }
    }

    /** How many bytes were written. */
    public int length() {
      return length;
    }

    /** Forgets the content, keeping the capacity. */
    public void reset() {
      length = 0;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
      return Arrays.copyOf(bytes, length);
    }

    /** Whether the content equals {@code other[offset..]}. */
    public boolean contentEquals(byte[] other, int offset) {
      return other.length - offset == length && Arrays.equals(bytes, 0, length, other, offset, other.length);
    }
  }
}
