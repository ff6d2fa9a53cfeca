package dev.ergokv.internal.keys;

import dev.ergokv.internal.meta.EntityAccess;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.meta.StructModel;
import dev.ergokv.internal.meta.TypeModel;
import dev.ergokv.internal.meta.TypeModel.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@link KeyCodec} of every indexable type. */
public final class KeyCodecs {

  private static final Map<Kind, KeyCodec<?>> SCALARS = scalars();

  private KeyCodecs() {}

  /**
   * The codec for values of {@code type}.
   *
   * @throws IllegalArgumentException when the type is not {@linkplain TypeModel#isIndexable()
   *     indexable}
   */
  public static KeyCodec<?> forType(TypeModel type) {
    if (!type.isIndexable()) {
      throw new IllegalArgumentException(type.describe() + " has no key encoding");
    }
    switch (type.kind()) {
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
        return integral(type.kind());
      case FLOAT:
        return FloatingCodec.FLOAT;
      case DOUBLE:
        return FloatingCodec.DOUBLE;
      case ENUM:
        return enumCodec(type.rawType());
      case STRUCT:
        return recordCodec(type.struct());
      default:
        return SCALARS.get(type.kind());
    }
  }

  /**
   * The codec for a scalar class or enum ({@code long.class}, {@code String.class}, ...), for callers
   * without a type model.
   *
   * @throws IllegalArgumentException for other classes
   */
  public static KeyCodec<?> forClass(Class<?> type) {
    if (type.isEnum()) {
      return enumCodec(type);
    }
    if (type == byte.class || type == Byte.class) {
      return integral(Kind.BYTE);
    }
    if (type == short.class || type == Short.class) {
      return integral(Kind.SHORT);
    }
    if (type == int.class || type == Integer.class) {
      return integral(Kind.INT);
    }
    if (type == long.class || type == Long.class) {
      return integral(Kind.LONG);
    }
    if (type == float.class || type == Float.class) {
      return FloatingCodec.FLOAT;
    }
    if (type == double.class || type == Double.class) {
      return FloatingCodec.DOUBLE;
    }
    Kind kind = CLASS_KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException(type.getName() + " has no key encoding");
    }
    return SCALARS.get(kind);
  }

  private static final Map<Class<?>, Kind> CLASS_KINDS =
      Map.ofEntries(
          Map.entry(boolean.class, Kind.BOOLEAN),
          Map.entry(Boolean.class, Kind.BOOLEAN),
          Map.entry(char.class, Kind.CHAR),
          Map.entry(Character.class, Kind.CHAR),
          Map.entry(String.class, Kind.STRING),
          Map.entry(byte[].class, Kind.BYTES),
          Map.entry(UUID.class, Kind.UUID),
          Map.entry(BigInteger.class, Kind.BIG_INTEGER),
          Map.entry(BigDecimal.class, Kind.BIG_DECIMAL),
          Map.entry(Instant.class, Kind.INSTANT),
          Map.entry(LocalDate.class, Kind.LOCAL_DATE),
          Map.entry(LocalTime.class, Kind.LOCAL_TIME),
          Map.entry(LocalDateTime.class, Kind.LOCAL_DATE_TIME),
          Map.entry(OffsetDateTime.class, Kind.OFFSET_DATE_TIME),
          Map.entry(ZonedDateTime.class, Kind.ZONED_DATE_TIME),
          Map.entry(Duration.class, Kind.DURATION),
          Map.entry(Year.class, Kind.YEAR),
          Map.entry(YearMonth.class, Kind.YEAR_MONTH));

  private static KeyCodec<?> integral(Kind kind) {
    switch (kind) {
      case BYTE:
        return IntegralCodec.BYTE;
      case SHORT:
        return IntegralCodec.SHORT;
      case INT:
        return IntegralCodec.INT;
      default:
        return IntegralCodec.LONG;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static KeyCodec<?> enumCodec(Class<?> type) {
    return new EnumCodec(type);
  }

  private static KeyCodec<?> recordCodec(StructModel<?> struct) {
    KeyCodec<?>[] components = new KeyCodec<?>[struct.fields().size()];
    for (FieldModel field : struct.fields()) {
      components[field.slot()] = forType(field.type());
    }
    return new RecordCodec<>(struct, components);
  }

  private static Map<Kind, KeyCodec<?>> scalars() {
    Map<Kind, KeyCodec<?>> codecs = new EnumMap<>(Kind.class);
    codecs.put(Kind.BOOLEAN, new BooleanCodec());
    codecs.put(Kind.CHAR, new CharCodec());
    codecs.put(Kind.STRING, new StringCodec());
    codecs.put(Kind.BYTES, new BytesCodec());
    codecs.put(Kind.UUID, new UuidCodec());
    codecs.put(Kind.BIG_INTEGER, new BigIntegerCodec());
    codecs.put(Kind.BIG_DECIMAL, new DecimalCodec());
    codecs.put(Kind.INSTANT, new InstantCodec());
    codecs.put(Kind.LOCAL_DATE, new LocalDateCodec());
    codecs.put(Kind.LOCAL_TIME, new LocalTimeCodec());
    codecs.put(Kind.LOCAL_DATE_TIME, new LocalDateTimeCodec());
    codecs.put(Kind.OFFSET_DATE_TIME, new OffsetDateTimeCodec());
    codecs.put(Kind.ZONED_DATE_TIME, new ZonedDateTimeCodec());
    codecs.put(Kind.DURATION, new DurationCodec());
    codecs.put(Kind.YEAR, new YearCodec());
    codecs.put(Kind.YEAR_MONTH, new YearMonthCodec());
    return codecs;
  }

  private static void expectTag(KeyReader in, int tag, String type) {
    int position = in.position();
    int found = in.peek();
    if (found != tag) {
      throw found < 0
          ? new MalformedKeyException(position, "key ends where a " + type + " was expected")
          : KeyFormat.unexpectedTag(position, found, type);
    }
    in.read();
  }

  // ------------------------------------------------------------------ scalars

  private static final class BooleanCodec extends KeyCodec<Boolean> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof Boolean)) {
        throw wrongType(value);
      }
      out.write((Boolean) value ? KeyFormat.TRUE : KeyFormat.FALSE);
    }

    @Override
    public Boolean decode(KeyReader in) {
      int position = in.position();
      int tag = in.peek();
      if (tag != KeyFormat.TRUE && tag != KeyFormat.FALSE) {
        throw KeyFormat.unexpectedTag(position, tag, "boolean");
      }
      in.read();
      return tag == KeyFormat.TRUE;
    }

    @Override
    public String describe() {
      return "boolean";
    }
  }

  /** byte, short, int and long: one shared encoding, range-checked on decode. */
  private static final class IntegralCodec extends KeyCodec<Number> {
    static final IntegralCodec BYTE = new IntegralCodec("byte", 1);
    static final IntegralCodec SHORT = new IntegralCodec("short", 2);
    static final IntegralCodec INT = new IntegralCodec("int", 4);
    static final IntegralCodec LONG = new IntegralCodec("long", 8);

    private final String name;
    private final int width;
    private final long min;
    private final long max;

    private IntegralCodec(String name, int width) {
      this.name = name;
      this.width = width;
      this.max = width == 8 ? Long.MAX_VALUE : (1L << (width * 8 - 1)) - 1;
      this.min = -max - 1;
    }

    @Override
    public void encode(Object value, KeyWriter out) {
      out.write(KeyFormat.INTEGER);
      if (value instanceof Long
          || value instanceof Integer
          || value instanceof Short
          || value instanceof Byte) {
        KeyFormat.writeIntegerBody(out, ((Number) value).longValue());
      } else if (value instanceof BigInteger) {
        KeyFormat.writeIntegerBody(out, (BigInteger) value);
      } else {
        throw wrongType(value);
      }
    }

    @Override
    public Number decode(KeyReader in) {
      int position = in.position();
      expectTag(in, KeyFormat.INTEGER, name);
      long value = KeyFormat.readLongBody(in);
      if (value < min || value > max) {
        throw new MalformedKeyException(position, value + " does not fit a " + name);
      }
      switch (width) {
        case 1:
          return (byte) value;
        case 2:
          return (short) value;
        case 4:
          return (int) value;
        default:
          return value;
      }
    }

    @Override
    public String describe() {
      return name;
    }
  }

  private static final class BigIntegerCodec extends KeyCodec<BigInteger> {
    @Override
    public void encode(Object value, KeyWriter out) {
      out.write(KeyFormat.INTEGER);
      if (value instanceof BigInteger) {
        KeyFormat.writeIntegerBody(out, (BigInteger) value);
      } else if (value instanceof Long
          || value instanceof Integer
          || value instanceof Short
          || value instanceof Byte) {
        KeyFormat.writeIntegerBody(out, ((Number) value).longValue());
      } else {
        throw wrongType(value);
      }
    }

    @Override
    public BigInteger decode(KeyReader in) {
      expectTag(in, KeyFormat.INTEGER, "BigInteger");
      return KeyFormat.readBigIntegerBody(in);
    }

    @Override
    public String describe() {
      return "BigInteger";
    }
  }

  /** float and double: both written as the double's sortable bits. */
  private static final class FloatingCodec extends KeyCodec<Number> {
    static final FloatingCodec FLOAT = new FloatingCodec(true);
    static final FloatingCodec DOUBLE = new FloatingCodec(false);

    private final boolean single;

    private FloatingCodec(boolean single) {
      this.single = single;
    }

    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof Double || value instanceof Float)) {
        throw wrongType(value);
      }
      out.write(KeyFormat.FLOATING);
      out.writeBigEndian(KeyFormat.sortableBits(((Number) value).doubleValue()), 8);
    }

    @Override
    public Number decode(KeyReader in) {
      int position = in.position();
      expectTag(in, KeyFormat.FLOATING, describe());
      double value = KeyFormat.fromSortableBits(in.readBigEndian(8), position);
      if (!single) {
        return value;
      }
      float narrow = (float) value;
      if (narrow != value && !Double.isNaN(value)) {
        throw new MalformedKeyException(position, value + " is not a float");
      }
      return narrow;
    }

    @Override
    public String describe() {
      return single ? "float" : "double";
    }
  }

  private static final class CharCodec extends KeyCodec<Character> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof Character)) {
        throw wrongType(value);
      }
      out.write(KeyFormat.CHAR);
      out.writeBigEndian((Character) value, 2);
    }

    @Override
    public Character decode(KeyReader in) {
      expectTag(in, KeyFormat.CHAR, "char");
      return (char) in.readBigEndian(2);
    }

    @Override
    public String describe() {
      return "char";
    }
  }

  private static final class StringCodec extends KeyCodec<String> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof String)) {
        throw wrongType(value);
      }
      out.write(KeyFormat.STRING);
      out.writeEscapedUtf8((String) value);
    }

    @Override
    public String decode(KeyReader in) {
      expectTag(in, KeyFormat.STRING, "String");
      return in.readEscapedUtf8();
    }

    @Override
    public void skip(KeyReader in) {
      expectTag(in, KeyFormat.STRING, "String");
      in.skipEscaped();
    }

    @Override
    public String describe() {
      return "String";
    }
  }

  private static final class BytesCodec extends KeyCodec<byte[]> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof byte[])) {
        throw wrongType(value);
      }
      out.write(KeyFormat.BYTES);
      out.writeEscaped((byte[]) value);
    }

    @Override
    public byte[] decode(KeyReader in) {
      expectTag(in, KeyFormat.BYTES, "byte[]");
      return in.readEscaped();
    }

    @Override
    public void skip(KeyReader in) {
      expectTag(in, KeyFormat.BYTES, "byte[]");
      in.skipEscaped();
    }

    @Override
    public String describe() {
      return "byte[]";
    }
  }

  /** The 16 bytes big-endian: unsigned byte order, which is the order of the canonical text. */
  private static final class UuidCodec extends KeyCodec<UUID> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof UUID)) {
        throw wrongType(value);
      }
      UUID uuid = (UUID) value;
      out.write(KeyFormat.UUID_TAG);
      out.writeBigEndian(uuid.getMostSignificantBits(), 8);
      out.writeBigEndian(uuid.getLeastSignificantBits(), 8);
    }

    @Override
    public UUID decode(KeyReader in) {
      expectTag(in, KeyFormat.UUID_TAG, "UUID");
      return new UUID(in.readBigEndian(8), in.readBigEndian(8));
    }

    @Override
    public String describe() {
      return "UUID";
    }
  }

  /** Enums by constant name: the order of names, stable when constants are reordered. */
  private static final class EnumCodec<E extends Enum<E>> extends KeyCodec<E> {
    private final Class<E> type;

    EnumCodec(Class<E> type) {
      this.type = type;
    }

    @Override
    public void encode(Object value, KeyWriter out) {
      if (!type.isInstance(value)) {
        throw wrongType(value);
      }
      out.write(KeyFormat.ENUM);
      out.writeEscapedUtf8(((Enum<?>) value).name());
    }

    @Override
    public E decode(KeyReader in) {
      int position = in.position();
      expectTag(in, KeyFormat.ENUM, type.getSimpleName());
      String name = in.readEscapedUtf8();
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        throw new MalformedKeyException(
            position, "enum " + type.getName() + " has no constant " + name);
      }
    }

    @Override
    public void skip(KeyReader in) {
      expectTag(in, KeyFormat.ENUM, type.getSimpleName());
      in.skipEscaped();
    }

    @Override
    public String describe() {
      return type.getName();
    }
  }

  private static final class DecimalCodec extends KeyCodec<BigDecimal> {
    @Override
    public void encode(Object value, KeyWriter out) {
      if (!(value instanceof BigDecimal)) {
        throw wrongType(value);
      }
      KeyFormat.writeDecimal(out, (BigDecimal) value);
    }

    @Override
    public BigDecimal decode(KeyReader in) {
      return KeyFormat.readDecimal(in);
    }

    @Override
    public String describe() {
      return "BigDecimal";
    }
  }

  // ------------------------------------------------------------------ java.time

  /** A java.time codec: tag check and DateTimeException mapping around the body. */
  private abstract static class TimeCodec<T> extends KeyCodec<T> {
    private final Class<T> type;
    private final int tag;

    TimeCodec(Class<T> type, int tag) {
      this.type = type;
      this.tag = tag;
    }

    @Override
    public final void encode(Object value, KeyWriter out) {
      if (!type.isInstance(value)) {
        throw wrongType(value);
      }
      out.write(tag);
      write(type.cast(value), out);
    }

    @Override
    public final T decode(KeyReader in) {
      int position = in.position();
      expectTag(in, tag, type.getSimpleName());
      try {
        return read(in);
      } catch (DateTimeException e) {
        throw new MalformedKeyException(position, "invalid " + describe() + ": " + e.getMessage());
      }
    }

    abstract void write(T value, KeyWriter out);

    abstract T read(KeyReader in);

    @Override
    public final String describe() {
      return type.getSimpleName();
    }
  }

  private static final class InstantCodec extends TimeCodec<Instant> {
    InstantCodec() {
      super(Instant.class, KeyFormat.INSTANT);
    }

    @Override
    void write(Instant value, KeyWriter out) {
      KeyFormat.writeInstantBody(out, value.getEpochSecond(), value.getNano());
    }

    @Override
    Instant read(KeyReader in) {
      return Instant.ofEpochSecond(KeyFormat.readLongBody(in), KeyFormat.readNano(in));
    }
  }

  private static final class LocalDateCodec extends TimeCodec<LocalDate> {
    LocalDateCodec() {
      super(LocalDate.class, KeyFormat.LOCAL_DATE);
    }

    @Override
    void write(LocalDate value, KeyWriter out) {
      KeyFormat.writeIntegerBody(out, value.toEpochDay());
    }

    @Override
    LocalDate read(KeyReader in) {
      return LocalDate.ofEpochDay(KeyFormat.readLongBody(in));
    }
  }

  private static final class LocalTimeCodec extends TimeCodec<LocalTime> {
    LocalTimeCodec() {
      super(LocalTime.class, KeyFormat.LOCAL_TIME);
    }

    @Override
    void write(LocalTime value, KeyWriter out) {
      KeyFormat.writeIntegerBody(out, value.toNanoOfDay());
    }

    @Override
    LocalTime read(KeyReader in) {
      return LocalTime.ofNanoOfDay(KeyFormat.readLongBody(in));
    }
  }

  private static final class LocalDateTimeCodec extends TimeCodec<LocalDateTime> {
    LocalDateTimeCodec() {
      super(LocalDateTime.class, KeyFormat.LOCAL_DATE_TIME);
    }

    @Override
    void write(LocalDateTime value, KeyWriter out) {
      KeyFormat.writeIntegerBody(out, value.toLocalDate().toEpochDay());
      KeyFormat.writeIntegerBody(out, value.toLocalTime().toNanoOfDay());
    }

    @Override
    LocalDateTime read(KeyReader in) {
      LocalDate date = LocalDate.ofEpochDay(KeyFormat.readLongBody(in));
      return LocalDateTime.of(date, LocalTime.ofNanoOfDay(KeyFormat.readLongBody(in)));
    }
  }

  /** The instant first, then the offset: order by time, and distinct values never collide. */
  private static final class OffsetDateTimeCodec extends TimeCodec<OffsetDateTime> {
    OffsetDateTimeCodec() {
      super(OffsetDateTime.class, KeyFormat.OFFSET_DATE_TIME);
    }

    @Override
    void write(OffsetDateTime value, KeyWriter out) {
      KeyFormat.writeInstantBody(out, value.toEpochSecond(), value.getNano());
      KeyFormat.writeIntegerBody(out, value.getOffset().getTotalSeconds());
    }

    @Override
    OffsetDateTime read(KeyReader in) {
      Instant instant = Instant.ofEpochSecond(KeyFormat.readLongBody(in), KeyFormat.readNano(in));
      return OffsetDateTime.ofInstant(
          instant, ZoneOffset.ofTotalSeconds(KeyFormat.readIntBody(in)));
    }
  }

  /** The instant, the offset, then the zone id: {@link ZonedDateTime#compareTo} order. */
  private static final class ZonedDateTimeCodec extends TimeCodec<ZonedDateTime> {
    ZonedDateTimeCodec() {
      super(ZonedDateTime.class, KeyFormat.ZONED_DATE_TIME);
    }

    @Override
    void write(ZonedDateTime value, KeyWriter out) {
      KeyFormat.writeInstantBody(out, value.toEpochSecond(), value.getNano());
      KeyFormat.writeIntegerBody(out, value.getOffset().getTotalSeconds());
      out.writeEscapedUtf8(value.getZone().getId());
    }

    @Override
    ZonedDateTime read(KeyReader in) {
      long second = KeyFormat.readLongBody(in);
      int nano = KeyFormat.readNano(in);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(KeyFormat.readIntBody(in));
      ZoneId zone = ZoneId.of(in.readEscapedUtf8());
      // By instant, not strictly: a time-zone rules update must not make stored keys undecodable.
      return ZonedDateTime.ofInstant(LocalDateTime.ofEpochSecond(second, nano, offset), offset, zone);
    }
  }

  private static final class DurationCodec extends TimeCodec<Duration> {
    DurationCodec() {
      super(Duration.class, KeyFormat.DURATION);
    }

    @Override
    void write(Duration value, KeyWriter out) {
      KeyFormat.writeInstantBody(out, value.getSeconds(), value.getNano());
    }

    @Override
    Duration read(KeyReader in) {
      return Duration.ofSeconds(KeyFormat.readLongBody(in), KeyFormat.readNano(in));
    }
  }

  private static final class YearCodec extends TimeCodec<Year> {
    YearCodec() {
      super(Year.class, KeyFormat.YEAR);
    }

    @Override
    void write(Year value, KeyWriter out) {
      KeyFormat.writeIntegerBody(out, value.getValue());
    }

    @Override
    Year read(KeyReader in) {
      return Year.of(KeyFormat.readIntBody(in));
    }
  }

  private static final class YearMonthCodec extends TimeCodec<YearMonth> {
    YearMonthCodec() {
      super(YearMonth.class, KeyFormat.YEAR_MONTH);
    }

    @Override
    void write(YearMonth value, KeyWriter out) {
      KeyFormat.writeIntegerBody(out, value.getYear());
      out.write(value.getMonthValue());
    }

    @Override
    YearMonth read(KeyReader in) {
      return YearMonth.of(KeyFormat.readIntBody(in), in.read());
    }
  }

  // ------------------------------------------------------------------ records

  /**
   * A record as the tuple of its components, each self-delimiting: order is lexicographic by
   * component, in declaration order.
   */
  private static final class RecordCodec<T> extends KeyCodec<T> {
    private final StructModel<T> struct;
    private final KeyCodec<?>[] components;
    private final List<FieldModel> fields;

    RecordCodec(StructModel<T> struct, KeyCodec<?>[] components) {
      this.struct = struct;
      this.components = components;
      this.fields = struct.fields();
    }

    @Override
    public void encode(Object value, KeyWriter out) {
      if (!struct.type().isInstance(value)) {
        throw wrongType(value);
      }
      EntityAccess<T> access = struct.access();
      T record = struct.type().cast(value);
      for (int slot = 0; slot < components.length; slot++) {
        Object component = access.get(record, slot);
        if (component == null) {
          throw new IllegalArgumentException(
              "component "
                  + fields.get(slot).name()
                  + " of "
                  + describe()
                  + " is null; every component of a key or indexed record must be set");
        }
        components[slot].encode(component, out);
      }
    }

    @Override
    public T decode(KeyReader in) {
      Object[] values = new Object[components.length];
      for (int slot = 0; slot < components.length; slot++) {
        values[slot] = components[slot].decode(in);
      }
      return struct.access().construct(values);
    }

    @Override
    public void skip(KeyReader in) {
      for (KeyCodec<?> component : components) {
        component.skip(in);
      }
    }

    @Override
    public String describe() {
      return struct.type().getName();
    }
  }
}
