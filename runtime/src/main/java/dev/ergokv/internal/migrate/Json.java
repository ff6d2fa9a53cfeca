package dev.ergokv.internal.migrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small JSON documents (migration state, backup manifests) as plain Java values: {@code Map}
 * (insertion-ordered), {@code List}, {@code String}, {@code Long} or {@code BigInteger}, {@code
 * Double}, {@code Boolean} and null. Human-readable when inspected with any tool.
 */
public final class Json {

  /** The shared factory; thread-safe. */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          // Characters beyond U+FFFF as themselves (4 UTF-8 bytes), not as escaped surrogate pairs.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private Json() {}

  /** The UTF-8 JSON text of {@code value}. */
  public static byte[] write(Object value, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      if (pretty) {
        generator.useDefaultPrettyPrinter();
      }
      write(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes one value. */
  public static void write(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        out.writeFieldName(String.valueOf(entry.getKey()));
        write(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List) {
      out.writeStartArray();
      for (Object element : (List<?>) value) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof String) {
      out.writeString((String) value);
    } else if (value instanceof Boolean) {
      out.writeBoolean((Boolean) value);
    } else if (value instanceof Long || value instanceof Integer) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger) {
      out.writeNumber((BigInteger) value);
    } else if (value instanceof Double) {
      out.writeNumber((Double) value);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /**
   * The JSON object in {@code bytes}.
   *
   * @throws IllegalArgumentException when the text is not one JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(byte[] bytes) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      Object value = read(parser, parser.nextToken());
      if (!(value instanceof Map) || parser.nextToken() != null) {
        throw new IllegalArgumentException("not one JSON object");
      }
      return (Map<String, Object>) value;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** Reads the value that starts with {@code token}. */
  public static Object read(JsonParser in, JsonToken token) throws IOException {
    if (token == null) {
      throw new IOException("unexpected end of JSON");
    }
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = in.nextFieldName(); name != null; name = in.nextFieldName()) {
          object.put(name, read(in, in.nextToken()));
        }
        if (in.currentToken() != JsonToken.END_OBJECT) {
          throw new IOException("malformed object");
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
          array.add(read(in, next));
        }
        return array;
      case VALUE_STRING:
        return in.getText();
      case VALUE_NUMBER_INT:
        BigInteger integer = in.getBigIntegerValue();
        return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
      case VALUE_NUMBER_FLOAT:
        return in.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }

  // ------------------------------------------------------------------ typed access

  /** The string member {@code name}, or null. */
  public static String string(Map<String, Object> object, String name) {
    Object value = object.get(name);
    return value == null ? null : value.toString();
  }

  /** The integer member {@code name}, or {@code otherwise} when absent. */
  public static long number(Map<String, Object> object, String name, long otherwise) {
    Object value = object.get(name);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof Number) {
      return new BigDecimal(value.toString()).longValueExact();
    }
    return Long.parseLong(value.toString());
  }

  /** The object member {@code name}, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> object, String name) {
    Object value = object.get(name);
    return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
  }

  /** The array member {@code name}, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Map<String, Object> object, String name) {
    Object value = object.get(name);
    return value instanceof List ? (List<Object>) value : new ArrayList<>();
  }
}
