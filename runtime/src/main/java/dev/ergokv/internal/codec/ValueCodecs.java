package dev.ergokv.internal.codec;

import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.ergokv.internal.keys.KeyReader;
import dev.ergokv.internal.keys.KeyWriter;
import dev.ergokv.internal.meta.StructModel;
import dev.ergokv.internal.meta.TypeModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link ValueCodec} of every supported field type, and the CBOR shape each one uses (see
 * {@code docs/mapping.md}, "Value format").
 */
final class ValueCodecs {

  /**
   * The CBOR tag that marks a string which is not valid Unicode (it holds an unpaired surrogate):
   * its content is a byte string in the key format's escaped generalized UTF-8, so every Java
   * string is stored exactly. Valid strings, nearly all, are plain CBOR text.
   */
  static final int UNPAIRED_SURROGATE_STRING_TAG = 4_542_027;

  private ValueCodecs() {}

  /** Builds the codecs of a model's types; shares the codec of each nested type. */
  static final class Builder {
    private final Map<StructModel<?>, StructCodec<?>> structs = new HashMap<>();

    ValueCodec forType(TypeModel type) {
      switch (type.kind()) {
        case BOOLEAN:
          return BOOLEAN;
        case BYTE:
          return BYTE;
        case SHORT:
          return SHORT;
        case CHAR:
          return CHAR;
        case INT:
          return INT;
        case LONG:
          return LONG;
        case FLOAT:
          return FLOAT;
        case DOUBLE:
          return DOUBLE;
        case STRING:
          return STRING;
        case BYTES:
          return BYTES;
        case UUID:
          return UUID_CODEC;
        case ENUM:
          return enumCodec(type.rawType());
        case BIG_INTEGER:
          return BIG_INTEGER;
        case BIG_DECIMAL:
          return BIG_DECIMAL;
        case INSTANT:
          return INSTANT;
        case LOCAL_DATE:
          return LOCAL_DATE;
        case LOCAL_TIME:
          return LOCAL_TIME;
        case LOCAL_DATE_TIME:
          return LOCAL_DATE_TIME;
        case OFFSET_DATE_TIME:
          return OFFSET_DATE_TIME;
        case ZONED_DATE_TIME:
          return ZONED_DATE_TIME;
        case DURATION:
          return DURATION;
        case PERIOD:
          return PERIOD;
        case YEAR:
          return YEAR;
        case YEAR_MONTH:
          return YEAR_MONTH;
        case OPTIONAL:
          return new OptionalCodec(forType(type.element()));
        case LIST:
          return new CollectionCodec(forType(type.element()), false);
        case SET:
          return new CollectionCodec(forType(type.element()), true);
        case MAP:
          return new MapCodec(mapKey(type.mapKey()), forType(type.element()));
        case STRUCT:
          return struct(type.struct());
        default:
          throw new IllegalStateException("no value codec for " + type.describe());
      }
    }

    <T> StructCodec<T> struct(StructModel<T> struct) {
      @SuppressWarnings("unchecked")
      StructCodec<T> codec = (StructCodec<T>) structs.get(struct);
      if (codec == null) {
        // Nested types form a tree (cycles are mapping errors), so building eagerly terminates.
        codec = new StructCodec<>(struct, this);
        structs.put(struct, codec);
      }
      return codec;
    }
  }

  // ------------------------------------------------------------------ reading helpers

  static DecodeException mismatch(String expected, JsonToken found) {
    return new DecodeException("expected " + expected + ", found " + describe(found));
  }

  static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the document";
    }
    switch (token) {
      case VALUE_STRING:
        return "a text string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a floating-point number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "a map";
      case VALUE_EMBEDDED_OBJECT:
        return "a byte string";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }

  /** The current integer, which must lie in [min, max]. */
  static long integer(CBORParser in, JsonToken token, long min, long max, String type)
      throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch("an integer (" + type + ")", token);
    }
    if (in.getNumberType() == NumberType.BIG_INTEGER) {
      throw new DecodeException(in.getBigIntegerValue() + " does not fit a " + type);
    }
    long value = in.getLongValue();
    if (value < min || value > max) {
      throw new DecodeException(value + " does not fit a " + type);
    }
    return value;
  }

  static long nextInteger(CBORParser in, String type) throws IOException {
    return integer(in, in.nextToken(), Long.MIN_VALUE, Long.MAX_VALUE, type);
  }

  static void startArray(JsonToken token, String type) {
    if (token != JsonToken.START_ARRAY) {
      throw mismatch("an array (" + type + ")", token);
    }
  }

  static void endArray(CBORParser in, String type) throws IOException {
    JsonToken token = in.nextToken();
    if (token != JsonToken.END_ARRAY) {
      throw new DecodeException(type + " array has extra elements, found " + describe(token));
    }
  }

  // ------------------------------------------------------------------ scalars

  static final ValueCodec BOOLEAN =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeBoolean((Boolean) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) {
          if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
          }
          if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
          }
          throw mismatch("a boolean", token);
        }
      };

  static final ValueCodec BYTE =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((Byte) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return (byte) integer(in, token, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        }
      };

  static final ValueCodec SHORT =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((Short) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return (short) integer(in, token, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        }
      };

  static final ValueCodec CHAR =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((int) (Character) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return (char) integer(in, token, Character.MIN_VALUE, Character.MAX_VALUE, "char");
        }
      };

  static final ValueCodec INT =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((int) (Integer) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return (int) integer(in, token, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
      };

  static final ValueCodec LONG =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((long) (Long) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return integer(in, token, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        }
      };

  static final ValueCodec FLOAT =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((float) (Float) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw mismatch("a number (float)", token);
          }
          return in.getFloatValue();
        }
      };

  static final ValueCodec DOUBLE =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((double) (Double) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw mismatch("a number (double)", token);
          }
          return in.getDoubleValue();
        }
      };

  static final ValueCodec STRING =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          String text = (String) value;
          if (isValidUnicode(text)) {
            out.writeString(text);
          } else {
            KeyWriter bytes = new KeyWriter(text.length() * 3 + 2);
            bytes.writeEscapedUtf8(text);
            out.writeTag(UNPAIRED_SURROGATE_STRING_TAG);
            byte[] encoded = bytes.toByteArray();
            out.writeBinary(encoded, 0, encoded.length);
          }
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          if (token == JsonToken.VALUE_STRING) {
            return in.getText();
          }
          if (token == JsonToken.VALUE_EMBEDDED_OBJECT
              && in.getCurrentTag() == UNPAIRED_SURROGATE_STRING_TAG) {
            KeyReader bytes = new KeyReader(in.getBinaryValue());
            try {
              String text = bytes.readEscapedUtf8();
              bytes.expectEnd();
              return text;
            } catch (RuntimeException e) {
              throw new DecodeException("malformed tagged string: " + e.getMessage(), e);
            }
          }
          throw mismatch("a text string", token);
        }
      };

  /** Whether {@code text} has no unpaired surrogate, so CBOR text (UTF-8) can hold it. */
  static boolean isValidUnicode(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  static byte[] binary(CBORParser in, JsonToken token, String type) throws IOException {
    if (token != JsonToken.VALUE_EMBEDDED_OBJECT) {
      throw mismatch("a byte string (" + type + ")", token);
    }
    Object embedded = in.getEmbeddedObject();
    if (!(embedded instanceof byte[])) {
      throw new DecodeException("expected a byte string (" + type + "), found " + embedded);
    }
    return (byte[]) embedded;
  }

  static final ValueCodec BYTES =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          byte[] bytes = (byte[]) value;
          out.writeBinary(bytes, 0, bytes.length);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          return binary(in, token, "byte[]");
        }
      };

  static final ValueCodec UUID_CODEC =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          UUID uuid = (UUID) value;
          byte[] bytes = new byte[16];
          long most = uuid.getMostSignificantBits();
          long least = uuid.getLeastSignificantBits();
          for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (most >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (least >>> (56 - 8 * i));
          }
          out.writeBinary(bytes, 0, 16);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          byte[] bytes = binary(in, token, "UUID");
          if (bytes.length != 16) {
            throw new DecodeException("a UUID has 16 bytes, found " + bytes.length);
          }
          long most = 0;
          long least = 0;
          for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xFF);
            least = (least << 8) | (bytes[8 + i] & 0xFF);
          }
          return new UUID(most, least);
        }
      };

  @SuppressWarnings({"unchecked", "rawtypes"})
  static ValueCodec enumCodec(Class<?> type) {
    Class<? extends Enum> enumType = (Class<? extends Enum>) type;
    return new ValueCodec(null) {
      @Override
      void write(CBORGenerator out, Object value) throws IOException {
        out.writeString(((Enum<?>) value).name());
      }

      @Override
      Object read(CBORParser in, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
          throw mismatch("a text string (enum constant name)", token);
        }
        String name = in.getText();
        try {
          return Enum.valueOf(enumType, name);
        } catch (IllegalArgumentException e) {
          throw new DecodeException(
              "enum "
                  + enumType.getName()
                  + " has no constant "
                  + name
                  + " (was it renamed or removed? migrate the stored values)");
        }
      }
    };
  }

  static final ValueCodec BIG_INTEGER =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          BigInteger number = (BigInteger) value;
          if (number.bitLength() <= 63) {
            out.writeNumber(number.longValue());
          } else {
            out.writeNumber(number);
          }
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          if (token != JsonToken.VALUE_NUMBER_INT) {
            throw mismatch("an integer (BigInteger)", token);
          }
          return in.getBigIntegerValue();
        }
      };

  static final ValueCodec BIG_DECIMAL =
      new ValueCodec(null) {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber((BigDecimal) value);
        }

        @Override
        Object read(CBORParser in, JsonToken token) throws IOException {
          if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw mismatch("a number (BigDecimal)", token);
          }
          return in.getDecimalValue();
        }
      };

  // ------------------------------------------------------------------ java.time

  /** A java.time codec: the value as an integer or a fixed-length array of integers. */
  private abstract static class TimeCodec extends ValueCodec {
    private final String type;

    TimeCodec(String type) {
      super(null);
      this.type = type;
    }

    @Override
    final Object read(CBORParser in, JsonToken token) throws IOException {
      try {
        return readTime(in, token);
      } catch (DateTimeException | ArithmeticException e) {
        throw new DecodeException("invalid " + type + ": " + e.getMessage(), e);
      }
    }

    abstract Object readTime(CBORParser in, JsonToken token) throws IOException;

    final String type() {
      return type;
    }
  }

  static final ValueCodec INSTANT =
      new TimeCodec("Instant") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          Instant instant = (Instant) value;
          out.writeStartArray(instant, 2);
          out.writeNumber(instant.getEpochSecond());
          out.writeNumber(instant.getNano());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          long second = nextInteger(in, type());
          long nano = nextInteger(in, type());
          endArray(in, type());
          return Instant.ofEpochSecond(second, checkedNano(nano));
        }
      };

  static long checkedNano(long nano) {
    if (nano < 0 || nano > 999_999_999) {
      throw new DecodeException("nanosecond " + nano + " out of range");
    }
    return nano;
  }

  static final ValueCodec LOCAL_DATE =
      new TimeCodec("LocalDate") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber(((LocalDate) value).toEpochDay());
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          return LocalDate.ofEpochDay(integer(in, token, Long.MIN_VALUE, Long.MAX_VALUE, type()));
        }
      };

  static final ValueCodec LOCAL_TIME =
      new TimeCodec("LocalTime") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber(((LocalTime) value).toNanoOfDay());
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          return LocalTime.ofNanoOfDay(integer(in, token, Long.MIN_VALUE, Long.MAX_VALUE, type()));
        }
      };

  static final ValueCodec LOCAL_DATE_TIME =
      new TimeCodec("LocalDateTime") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          LocalDateTime dateTime = (LocalDateTime) value;
          out.writeStartArray(dateTime, 2);
          out.writeNumber(dateTime.toLocalDate().toEpochDay());
          out.writeNumber(dateTime.toLocalTime().toNanoOfDay());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          LocalDate date = LocalDate.ofEpochDay(nextInteger(in, type()));
          LocalTime time = LocalTime.ofNanoOfDay(nextInteger(in, type()));
          endArray(in, type());
          return LocalDateTime.of(date, time);
        }
      };

  static final ValueCodec OFFSET_DATE_TIME =
      new TimeCodec("OffsetDateTime") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          OffsetDateTime dateTime = (OffsetDateTime) value;
          out.writeStartArray(dateTime, 3);
          out.writeNumber(dateTime.toLocalDate().toEpochDay());
          out.writeNumber(dateTime.toLocalTime().toNanoOfDay());
          out.writeNumber(dateTime.getOffset().getTotalSeconds());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          LocalDate date = LocalDate.ofEpochDay(nextInteger(in, type()));
          LocalTime time = LocalTime.ofNanoOfDay(nextInteger(in, type()));
          ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) integer(in, in.nextToken(),
              Integer.MIN_VALUE, Integer.MAX_VALUE, type()));
          endArray(in, type());
          return OffsetDateTime.of(date, time, offset);
        }
      };

  static final ValueCodec ZONED_DATE_TIME =
      new TimeCodec("ZonedDateTime") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          ZonedDateTime dateTime = (ZonedDateTime) value;
          out.writeStartArray(dateTime, 4);
          out.writeNumber(dateTime.toLocalDate().toEpochDay());
          out.writeNumber(dateTime.toLocalTime().toNanoOfDay());
          out.writeNumber(dateTime.getOffset().getTotalSeconds());
          out.writeString(dateTime.getZone().getId());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          LocalDate date = LocalDate.ofEpochDay(nextInteger(in, type()));
          LocalTime time = LocalTime.ofNanoOfDay(nextInteger(in, type()));
          ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) integer(in, in.nextToken(),
              Integer.MIN_VALUE, Integer.MAX_VALUE, type()));
          JsonToken zoneToken = in.nextToken();
          if (zoneToken != JsonToken.VALUE_STRING) {
            throw mismatch("a text string (zone id)", zoneToken);
          }
          ZoneId zone = ZoneId.of(in.getText());
          endArray(in, type());
          // The stored offset pins the instant even if the zone's rules changed since.
          return ZonedDateTime.ofInstant(LocalDateTime.of(date, time), offset, zone);
        }
      };

  static final ValueCodec DURATION =
      new TimeCodec("Duration") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          Duration duration = (Duration) value;
          out.writeStartArray(duration, 2);
          out.writeNumber(duration.getSeconds());
          out.writeNumber(duration.getNano());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          long seconds = nextInteger(in, type());
          long nano = nextInteger(in, type());
          endArray(in, type());
          return Duration.ofSeconds(seconds, checkedNano(nano));
        }
      };

  static final ValueCodec PERIOD =
      new TimeCodec("Period") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          Period period = (Period) value;
          out.writeStartArray(period, 3);
          out.writeNumber(period.getYears());
          out.writeNumber(period.getMonths());
          out.writeNumber(period.getDays());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          int years = (int) integer(in, in.nextToken(), Integer.MIN_VALUE, Integer.MAX_VALUE, type());
          int months = (int) integer(in, in.nextToken(), Integer.MIN_VALUE, Integer.MAX_VALUE, type());
          int days = (int) integer(in, in.nextToken(), Integer.MIN_VALUE, Integer.MAX_VALUE, type());
          endArray(in, type());
          return Period.of(years, months, days);
        }
      };

  static final ValueCodec YEAR =
      new TimeCodec("Year") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          out.writeNumber(((Year) value).getValue());
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          return Year.of((int) integer(in, token, Integer.MIN_VALUE, Integer.MAX_VALUE, type()));
        }
      };

  static final ValueCodec YEAR_MONTH =
      new TimeCodec("YearMonth") {
        @Override
        void write(CBORGenerator out, Object value) throws IOException {
          YearMonth yearMonth = (YearMonth) value;
          out.writeStartArray(yearMonth, 2);
          out.writeNumber(yearMonth.getYear());
          out.writeNumber(yearMonth.getMonthValue());
          out.writeEndArray();
        }

        @Override
        Object readTime(CBORParser in, JsonToken token) throws IOException {
          startArray(token, type());
          int year = (int) integer(in, in.nextToken(), Integer.MIN_VALUE, Integer.MAX_VALUE, type());
          int month = (int) integer(in, in.nextToken(), 1, 12, type());
          endArray(in, type());
          return YearMonth.of(year, month);
        }
      };

  // ------------------------------------------------------------------ containers

  /** {@code Optional<E>}: E's encoding when present; an empty Optional is CBOR null. */
  private static final class OptionalCodec extends ValueCodec {
    private final ValueCodec element;

    OptionalCodec(ValueCodec element) {
      super(Optional.empty());
      this.element = element;
    }

    @Override
    void write(CBORGenerator out, Object value) throws IOException {
      Optional<?> optional = (Optional<?>) value;
      if (optional.isPresent()) {
        element.write(out, optional.get());
      } else {
        out.writeNull();
      }
    }

    @Override
    Object read(CBORParser in, JsonToken token) throws IOException {
      return Optional.of(element.read(in, token));
    }
  }

  /** {@code List<E>} and {@code Set<E>}: a CBOR array; read as ArrayList or LinkedHashSet. */
  private static final class CollectionCodec extends ValueCodec {
    private final ValueCodec element;
    private final boolean set;

    CollectionCodec(ValueCodec element, boolean set) {
      super(null);
      this.element = element;
      this.set = set;
    }

    @Override
    void write(CBORGenerator out, Object value) throws IOException {
      Collection<?> collection = (Collection<?>) value;
      out.writeStartArray(collection, collection.size());
      int index = 0;
      for (Object item : collection) {
        try {
          element.writeNullable(out, item);
        } catch (EncodeException e) {
          throw e.within("[" + index + "]");
        }
        index++;
      }
      out.writeEndArray();
    }

    @Override
    Object read(CBORParser in, JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw mismatch(set ? "an array (Set)" : "an array (List)", token);
      }
      Collection<Object> collection = set ? new LinkedHashSet<>() : new ArrayList<>();
      int index = 0;
      while (true) {
        JsonToken next = in.nextToken();
        if (next == JsonToken.END_ARRAY) {
          return collection;
        }
        if (next == null) {
          throw new DecodeException("document ends inside an array");
        }
        try {
          collection.add(next == JsonToken.VALUE_NULL ? element.absentValue() : element.read(in, next));
        } catch (DecodeException e) {
          throw e.within("[" + index + "]");
        }
        index++;
      }
    }
  }

  /** How a map key type becomes CBOR text and back. */
  private interface MapKey {
    String toText(Object key);

    Object fromText(String text);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static MapKey mapKey(TypeModel type) {
    switch (type.kind()) {
      case STRING:
        return new MapKey() {
          @Override
          public String toText(Object key) {
            String text = (String) key;
            if (!isValidUnicode(text)) {
              throw new EncodeException(
                  "map key holds an unpaired surrogate, which CBOR text cannot hold; clean the key");
            }
            return text;
          }

          @Override
          public Object fromText(String text) {
            return text;
          }
        };
      case BYTE:
        return numeric(Byte::parseByte);
      case SHORT:
        return numeric(Short::parseShort);
      case INT:
        return numeric(Integer::parseInt);
      case LONG:
        return numeric(Long::parseLong);
      case FLOAT:
        return numeric(Float::parseFloat);
      case DOUBLE:
        return numeric(Double::parseDouble);
      case BIG_INTEGER:
        return numeric(BigInteger::new);
      case BIG_DECIMAL:
        return numeric(BigDecimal::new);
      case UUID:
        return numeric(UUID::fromString);
      case ENUM:
        Class<? extends Enum> enumType = (Class<? extends Enum>) type.rawType();
        return new MapKey() {
          @Override
          public String toText(Object key) {
            return ((Enum<?>) key).name();
          }

          @Override
          public Object fromText(String text) {
            try {
              return Enum.valueOf(enumType, text);
            } catch (IllegalArgumentException e) {
              throw new DecodeException(
                  "enum " + enumType.getName() + " has no constant " + text + " (map key)");
            }
          }
        };
      default:
        throw new IllegalStateException("no map key codec for " + type.describe());
    }
  }

  private static MapKey numeric(java.util.function.Function<String, Object> parse) {
    return new MapKey() {
      @Override
      public String toText(Object key) {
        return key.toString();
      }

      @Override
      public Object fromText(String text) {
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw new DecodeException("map key '" + text + "' does not parse: " + e.getMessage());
        }
      }
    };
  }

  /** {@code Map<K, V>}: a CBOR map whose keys are the text form of K; read as LinkedHashMap. */
  private static final class MapCodec extends ValueCodec {
    private final MapKey key;
    private final ValueCodec value;

    MapCodec(MapKey key, ValueCodec value) {
      super(null);
      this.key = key;
      this.value = value;
    }

    @Override
    void write(CBORGenerator out, Object map) throws IOException {
      Map<?, ?> entries = (Map<?, ?>) map;
      out.writeStartObject(entries, entries.size());
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        if (entry.getKey() == null) {
          throw new EncodeException("map holds a null key, which cannot be stored; remove it");
        }
        String text = key.toText(entry.getKey());
        out.writeFieldName(text);
        try {
          value.writeNullable(out, entry.getValue());
        } catch (EncodeException e) {
          throw e.within("[" + text + "]");
        }
      }
      out.writeEndObject();
    }

    @Override
    Object read(CBORParser in, JsonToken token) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        throw mismatch("a map (Map)", token);
      }
      Map<Object, Object> map = new LinkedHashMap<>();
      while (true) {
        JsonToken next = in.nextToken();
        if (next == JsonToken.END_OBJECT) {
          return map;
        }
        if (next != JsonToken.FIELD_NAME) {
          throw new DecodeException("expected a map key, found " + describe(next));
        }
        String text = in.currentName();
        Object mapKey = key.fromText(text);
        try {
          map.put(mapKey, value.readNext(in));
        } catch (DecodeException e) {
          throw e.within("[" + text + "]");
        }
      }
    }
  }
}
