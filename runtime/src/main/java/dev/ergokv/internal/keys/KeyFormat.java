package dev.ergokv.internal.keys;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The order-preserving, self-delimiting binary encoding of key components.
 *
 * <p>Every component starts with a type tag; within one tag, unsigned lexicographic byte order of
 * encodings equals the natural order of values, and no encoding is a prefix of another (so a prefix
 * scan for one value never returns another). Tags are chosen so that 0x00 and 0xFF never start a
 * component. All integral types (byte to long and BigInteger) share one tag and encoding, so do
 * float and double. The format is specified in {@code docs/mapping.md}; changing it changes stored
 * keys.
 */
public final class KeyFormat {

  // Tags. Values fix the relative order of types, which matters only for self-description.
  static final int FALSE = 0x02;
  static final int TRUE = 0x03;
  static final int INTEGER = 0x10;
  static final int DECIMAL_NEGATIVE = 0x14;
  static final int DECIMAL_ZERO = 0x15;
  static final int DECIMAL_POSITIVE = 0x16;
  static final int FLOATING = 0x18;
  static final int CHAR = 0x1C;
  static final int STRING = 0x20;
  static final int ENUM = 0x21;
  static final int BYTES = 0x24;
  static final int UUID_TAG = 0x28;
  static final int INSTANT = 0x30;
  static final int LOCAL_DATE = 0x31;
  static final int LOCAL_TIME = 0x32;
  static final int LOCAL_DATE_TIME = 0x33;
  static final int OFFSET_DATE_TIME = 0x34;
  static final int ZONED_DATE_TIME = 0x35;
  static final int DURATION = 0x36;
  static final int YEAR = 0x37;
  static final int YEAR_MONTH = 0x38;

  private static final long CANONICAL_NAN = Double.doubleToLongBits(Double.NaN);

  private KeyFormat() {}

  // ------------------------------------------------------------------ integers

  /**
   * Writes the body of an integer: a head byte {@code 0x80 + n} for a positive value of n
   * significant bytes ({@code 0x80} for zero) followed by those bytes, or {@code 0x80 - n} for a
   * negative value whose magnitude has n significant bytes, followed by the magnitude's ones'
   * complement. Longer magnitudes sort further from zero, so the head orders by size first.
   */
  static void writeIntegerBody(KeyWriter out, long value) {
    if (value >= 0) {
      int n = unsignedLength(value);
      out.write(0x80 + n);
      out.writeBigEndian(value, n);
    } else {
      long magnitude = -value; // Long.MIN_VALUE stays 2^63 read unsigned
      int n = unsignedLength(magnitude);
      out.write(0x80 - n);
      out.writeBigEndian(~magnitude, n);
    }
  }

  /** Writes a BigInteger in the same format as {@link #writeIntegerBody}, beyond 8 bytes too. */
  static void writeIntegerBody(KeyWriter out, BigInteger value) {
    if (value.bitLength() <= 63) {
      writeIntegerBody(out, value.longValue());
      return;
    }
    byte[] magnitude = value.abs().toByteArray();
    int offset = magnitude[0] == 0 ? 1 : 0;
    int n = magnitude.length - offset;
    if (value.signum() > 0) {
      if (n <= 126) {
        out.write(0x80 + n);
      } else {
        out.write(0xFF);
        out.writeBigEndian(n, 4);
      }
      out.write(magnitude, offset, n);
    } else {
      if (n <= 126) {
        out.write(0x80 - n);
      } else {
        out.write(0x01);
        out.writeBigEndian(~n, 4);
      }
      int start = out.length();
      out.write(magnitude, offset, n);
      out.invertFrom(start);
    }
  }

  /** Reads an integer body that must fit a long. */
  static long readLongBody(KeyReader in) {
    int start = in.position();
    int head = in.read();
    if (head >= 0x80) {
      int n = head - 0x80;
      if (n > 8) {
        throw new MalformedKeyException(start, "integer does not fit 64 bits");
      }
      long value = in.readBigEndian(n);
      if (n == 8 && value < 0) {
        throw new MalformedKeyException(start, "integer does not fit 64 bits");
      }
      if (n > 0 && (value >>> ((n - 1) * 8)) == 0) {
        throw new MalformedKeyException(start, "non-canonical integer");
      }
      return value;
    }
    int n = 0x80 - head;
    if (n > 8 || head < 0x02) {
      throw new MalformedKeyException(start, "integer does not fit 64 bits");
    }
    long magnitude = ~in.readBigEndian(n);
    if (n < 8) {
      magnitude &= (1L << (n * 8)) - 1;
    } else if (magnitude < 0 && magnitude != Long.MIN_VALUE) {
      throw new MalformedKeyException(start, "integer does not fit 64 bits");
    }
    if ((magnitude >>> ((n - 1) * 8)) == 0) {
      throw new MalformedKeyException(start, "non-canonical integer");
    }
    return -magnitude;
  }

  /** Reads an integer body of any size. */
  static BigInteger readBigIntegerBody(KeyReader in) {
    int start = in.position();
    int head = in.read();
    long n;
    boolean negative;
    if (head == 0x80) {
      return BigInteger.ZERO;
    } else if (head == 0xFF || head == 0x01) {
      negative = head == 0x01;
      long length = in.readBigEndian(4);
      n = negative ? ~length & 0xFFFFFFFFL : length;
      if (n <= 126) {
        throw new MalformedKeyException(start, "non-canonical integer length");
      }
    } else if (head > 0x80) {
      n = head - 0x80;
      negative = false;
    } else if (head >= 0x02) {
      n = 0x80 - head;
      negative = true;
    } else {
      throw new MalformedKeyException(start, "invalid integer head 0x00");
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new MalformedKeyException(start, "integer length out of range");
    }
    byte[] magnitude = in.readBytes((int) n);
    if (negative) {
      for (int i = 0; i < magnitude.length; i++) {
        magnitude[i] = (byte) ~magnitude[i];
      }
    }
    if (magnitude[0] == 0) {
      throw new MalformedKeyException(start, "non-canonical integer");
    }
    BigInteger value = new BigInteger(1, magnitude);
    return negative ? value.negate() : value;
  }

  private static int unsignedLength(long value) {
    return (64 - Long.numberOfLeadingZeros(value) + 7) >>> 3;
  }

  // ------------------------------------------------------------------ decimals

  /**
   * Writes a BigDecimal by numeric value (1.0 and 1.00 encode alike): a sign tag, then for
   * non-zero values the decimal exponent e and the significant digits d1 d2 ... of
   * {@code 0.d1d2... × 10^e}, one nibble {@code digit + 1} each, ended by a zero nibble; for
   * negative values every body byte is inverted so larger magnitudes sort first.
   */
  static void writeDecimal(KeyWriter out, BigDecimal value) {
    if (value.signum() == 0) {
      out.write(DECIMAL_ZERO);
      return;
    }
    BigDecimal normal = value.stripTrailingZeros();
    String digits = normal.unscaledValue().abs().toString();
    long exponent = (long) digits.length() - normal.scale();
    boolean negative = normal.signum() < 0;
    out.write(negative ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE);
    int start = out.length();
    writeIntegerBody(out, exponent);
    int count = digits.length();
    for (int i = 0; i < count; i += 2) {
      int high = digits.charAt(i) - '0' + 1;
      int low = i + 1 < count ? digits.charAt(i + 1) - '0' + 1 : 0;
      out.write((high << 4) | low);
    }
    if (count % 2 == 0) {
      out.write(0);
    }
    if (negative) {
      out.invertFrom(start);
    }
  }

  /** Reads a decimal written by {@link #writeDecimal}, in its stripped (normal) form. */
  static BigDecimal readDecimal(KeyReader in) {
    int start = in.position();
    int tag = in.read();
    if (tag == DECIMAL_ZERO) {
      return BigDecimal.ZERO;
    }
    if (tag != DECIMAL_POSITIVE && tag != DECIMAL_NEGATIVE) {
      throw unexpectedTag(start, tag, "decimal");
    }
    boolean negative = tag == DECIMAL_NEGATIVE;
    KeyReader body = negative ? inverted(in) : in;
    int bodyStart = body.position();
    long exponent = readLongBody(body);
    StringBuilder digits = new StringBuilder();
    while (true) {
      int b = body.read();
      int high = b >>> 4;
      int low = b & 0xF;
      if (high == 0) {
        if (low != 0) {
          throw new MalformedKeyException(start, "bad decimal digits");
        }
        break;
      }
      digits.append(digit(high, start));
      if (low == 0) {
        break;
      }
      digits.append(digit(low, start));
    }
    if (negative) {
      in.advance(body.position() - bodyStart);
    }
    if (digits.length() == 0
        || digits.charAt(0) == '0'
        || digits.charAt(digits.length() - 1) == '0') {
      throw new MalformedKeyException(start, "non-canonical decimal digits");
    }
    long scale = digits.length() - exponent;
    if (scale != (int) scale) {
      throw new MalformedKeyException(start, "decimal scale out of range");
    }
    BigInteger unscaled = new BigInteger(digits.toString());
    return new BigDecimal(negative ? unscaled.negate() : unscaled, (int) scale);
  }

  private static char digit(int nibble, int position) {
    if (nibble > 10) {
      throw new MalformedKeyException(position, "bad decimal digit nibble " + nibble);
    }
    return (char) ('0' + nibble - 1);
  }

  /** A reader over the inverted remainder of {@code in}, starting at offset 0. */
  private static KeyReader inverted(KeyReader in) {
    byte[] source = in.array();
    byte[] copy = Arrays.copyOfRange(source, in.position(), source.length);
    for (int i = 0; i < copy.length; i++) {
      copy[i] = (byte) ~copy[i];
    }
    return new KeyReader(copy);
  }

  // ------------------------------------------------------------------ floating point

  /**
   * The bits of {@code value} as an unsigned number in {@link Double#compare} order: -inf, negative
   * numbers, -0.0, +0.0, positive numbers, +inf, NaN (all NaNs are one value).
   */
  static long sortableBits(double value) {
    long bits = Double.doubleToLongBits(value);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  static double fromSortableBits(long sortable, int position) {
    long bits = sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable;
    double value = Double.longBitsToDouble(bits);
    if (Double.isNaN(value) && bits != CANONICAL_NAN) {
      throw new MalformedKeyException(position, "non-canonical NaN");
    }
    return value;
  }

  // ------------------------------------------------------------------ time

  static void writeInstantBody(KeyWriter out, long epochSecond, int nano) {
    writeIntegerBody(out, epochSecond);
    out.writeBigEndian(nano, 4);
  }

  static int readNano(KeyReader in) {
    int position = in.position();
    long nano = in.readBigEndian(4);
    if (nano > 999_999_999L) {
      throw new MalformedKeyException(position, "nanosecond field out of range");
    }
    return (int) nano;
  }

  static int readIntBody(KeyReader in) {
    int position = in.position();
    long value = readLongBody(in);
    if (value != (int) value) {
      throw new MalformedKeyException(position, "value does not fit 32 bits");
    }
    return (int) value;
  }

  // ------------------------------------------------------------------ self-description

  /** Fails with a message naming what was expected. */
  static MalformedKeyException unexpectedTag(int position, int tag, String expected) {
    return new MalformedKeyException(
        position, "expected a " + expected + " component, found tag 0x" + Integer.toHexString(tag));
  }

  /** Skips one component of any type. */
  public static void skip(KeyReader in) {
    decodeAny(in);
  }

  /**
   * Decodes one component of any type from its tag alone: Boolean, BigInteger (all integers),
   * BigDecimal, Double (float and double), Character, String, {@link EnumName}, byte[], UUID or a
   * java.time value. Used to describe keys in messages and tools, where the schema is unknown.
   */
  public static Object decodeAny(KeyReader in) {
    int start = in.position();
    int tag = in.peek();
    switch (tag) {
      case FALSE:
      case TRUE:
        in.read();
        return tag == TRUE;
      case INTEGER:
        in.read();
        return readBigIntegerBody(in);
      case DECIMAL_NEGATIVE:
      case DECIMAL_ZERO:
      case DECIMAL_POSITIVE:
        return readDecimal(in);
      case FLOATING:
        in.read();
        return fromSortableBits(in.readBigEndian(8), start);
      case CHAR:
        in.read();
        return (char) in.readBigEndian(2);
      case STRING:
        in.read();
        return in.readEscapedUtf8();
      case ENUM:
        in.read();
        return new EnumName(in.readEscapedUtf8());
      case BYTES:
        in.read();
        return in.readEscaped();
      case UUID_TAG:
        in.read();
        return new UUID(in.readBigEndian(8), in.readBigEndian(8));
      default:
        return decodeTime(in, start, tag);
    }
  }

  private static Object decodeTime(KeyReader in, int start, int tag) {
    if (tag < 0) {
      throw new MalformedKeyException(start, "key ends where a component was expected");
    }
    in.read();
    try {
      switch (tag) {
        case INSTANT:
          return Instant.ofEpochSecond(readLongBody(in), readNano(in));
        case LOCAL_DATE:
          return LocalDate.ofEpochDay(readLongBody(in));
        case LOCAL_TIME:
          return LocalTime.ofNanoOfDay(readLongBody(in));
        case LOCAL_DATE_TIME:
          return LocalDateTime.of(
              LocalDate.ofEpochDay(readLongBody(in)), LocalTime.ofNanoOfDay(readLongBody(in)));
        case OFFSET_DATE_TIME:
          {
            Instant instant = Instant.ofEpochSecond(readLongBody(in), readNano(in));
            return OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(readIntBody(in)));
          }
        case ZONED_DATE_TIME:
          {
            Instant instant = Instant.ofEpochSecond(readLongBody(in), readNano(in));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(readIntBody(in));
            ZoneId zone = ZoneId.of(in.readEscapedUtf8());
            // By instant, not strictly: a time-zone rules update must not make stored keys
            // undecodable.
            return ZonedDateTime.ofInstant(
                LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset),
                offset,
                zone);
          }
        case DURATION:
          return Duration.ofSeconds(readLongBody(in), readNano(in));
        case YEAR:
          return Year.of(readIntBody(in));
        case YEAR_MONTH:
          return YearMonth.of(readIntBody(in), in.read());
        default:
          throw new MalformedKeyException(start, "unknown component tag 0x" + Integer.toHexString(tag));
      }
    } catch (java.time.DateTimeException e) {
      throw new MalformedKeyException(start, "invalid date/time value (" + e.getMessage() + ")");
    }
  }

  /** The name of an enum constant read from a key whose enum class is unknown. */
  public static final class EnumName {
    private final String name;

    EnumName(String name) {
      this.name = name;
    }

    /** The constant's name. */
    public String name() {
      return name;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EnumName && ((EnumName) other).name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
