package dev.ergokv.internal.keys;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.internal.meta.EntityModels;
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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * One test domain per indexable type: a generator biased to edge cases, the codec, the natural
 * order the encoding must follow, what "the same value" means, and the normal form that the
 * schema-free {@link KeyFormat#decodeAny} returns.
 */
final class KeyDomains {

  private KeyDomains() {}

  /** Everything the key properties need to know about one type. */
  static final class Domain<T> {
    final String name;
    final Gen<T> values;
    final KeyCodec<?> codec;
    final Comparator<T> order;
    final BiPredicate<T, T> same;
    final Function<T, Object> normal;

    Domain(
        String name,
        Gen<T> values,
        KeyCodec<?> codec,
        Comparator<T> order,
        BiPredicate<T, T> same,
        Function<T, Object> normal) {
      this.name = name;
      this.values = values;
      this.codec = codec;
      this.order = order;
      this.same = same;
      this.normal = normal;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static <T extends Comparable<? super T>> Domain<T> natural(
      String name, Gen<T> values, Class<?> type, Function<T, Object> normal) {
    return new Domain<>(
        name, values, KeyCodecs.forClass(type), Comparator.naturalOrder(), Objects::equals, normal);
  }

  /** Declared out of alphabetical order: keys must sort by name, not ordinal. */
  enum Colour {
    RED,
    GREEN,
    BLUE,
    AMBER
  }

  record Region(String code, long number) {}

  @Entity
  record CompositeHolder(@Key Region id) {}

  static final Gen<Long> LONGS =
      longs()
          .all()
          .mix(
              arbitrary()
                  .pick(
                      Long.MIN_VALUE, Long.MIN_VALUE + 1, -65537L, -65536L, -257L, -256L, -255L,
                      -129L, -128L, -1L, 0L, 1L, 127L, 128L, 255L, 256L, 65535L, 65536L,
                      (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE - 1,
                      Long.MAX_VALUE),
              40)
          .mix(longs().between(-70_000, 70_000), 30);

  static final Gen<Integer> CODE_POINTS =
      integers()
          .between(0x20, 0x7E)
          .mix(
              arbitrary()
                  .pick(
                      0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00,
                      0xDFFF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF),
              40)
          .mix(integers().between(0, 0x10FFFF), 30);

  static final Gen<String> STRINGS =
      lists()
          .of(CODE_POINTS)
          .ofSizeBetween(0, 8)
          .map(
              points -> {
                StringBuilder text = new StringBuilder();
                points.forEach(text::appendCodePoint);
                return text.toString();
              });

  static final Gen<byte[]> BYTES =
      lists()
          .of(integers().between(0, 255).mix(arbitrary().pick(0, 1, 0x7F, 0x80, 0xFE, 0xFF), 60))
          .ofSizeBetween(0, 10)
          .map(
              list -> {
                byte[] bytes = new byte[list.size()];
                for (int i = 0; i < bytes.length; i++) {
                  bytes[i] = (byte) (int) list.get(i);
                }
                return bytes;
              });

  static final Gen<BigInteger> BIG_INTEGERS =
      lists()
          .of(integers().between(0, 255))
          .ofSizeBetween(0, 140)
          .zip(
              arbitrary().pick(-1, 1),
              (bytes, sign) -> {
                byte[] magnitude = new byte[bytes.size()];
                for (int i = 0; i < magnitude.length; i++) {
                  magnitude[i] = (byte) (int) bytes.get(i);
                }
                return new BigInteger(sign, magnitude);
              })
          .mix(LONGS.map(BigInteger::valueOf), 40)
          .mix(
              arbitrary()
                  .pick(
                      BigInteger.ONE.shiftLeft(63),
                      BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE),
                      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                      BigInteger.ONE.shiftLeft(126 * 8).subtract(BigInteger.ONE),
                      BigInteger.ONE.shiftLeft(126 * 8),
                      BigInteger.ONE.shiftLeft(126 * 8).negate(),
                      BigInteger.ONE.shiftLeft(126 * 8).negate().add(BigInteger.ONE)),
              10);

  static final Gen<BigDecimal> DECIMALS =
      BIG_INTEGERS
          .zip(integers().between(-40, 40), BigDecimal::new)
          .mix(
              arbitrary()
                  .pick(
                      new BigDecimal("0"), new BigDecimal("0.00"), new BigDecimal("1"),
                      new BigDecimal("1.0"), new BigDecimal("1.00"), new BigDecimal("-1.5"),
                      new BigDecimal("10"), new BigDecimal("1E+1"), new BigDecimal("0.1"),
                      new BigDecimal("0.12"), new BigDecimal("0.123"), new BigDecimal("-0.12"),
                      new BigDecimal("-0.123"), new BigDecimal("99.99"), new BigDecimal("100")),
              30);

  static final Gen<Double> DOUBLES =
      doubles()
          .any()
          .mix(
              arbitrary()
                  .pick(
                      -0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                      Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                      1.0, -1.0, Double.MIN_NORMAL, Double.longBitsToDouble(0x7ff0000000000123L)),
              30);

  static final Gen<Float> FLOATS =
      floats()
          .any()
          .mix(
              arbitrary()
                  .pick(
                      -0.0f, 0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                      Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE),
              30);

  static final Gen<Instant> INSTANTS =
      longs()
          .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
          .mix(longs().between(-100, 100), 40)
          .zip(integers().between(0, 999_999_999).mix(arbitrary().pick(0, 1, 999_999_999), 40),
              Instant::ofEpochSecond);

  /** Instants that every date-time type can represent with any offset. */
  static final Gen<Instant> MODERATE_INSTANTS =
      longs()
          .between(-10_000_000_000L, 10_000_000_000L)
          .mix(longs().between(-100, 100), 30)
          .zip(integers().between(0, 999_999_999).mix(arbitrary().pick(0, 999_999_999), 30),
              Instant::ofEpochSecond);

  static final Gen<ZoneOffset> OFFSETS =
      integers()
          .between(-18 * 3600, 18 * 3600)
          .mix(arbitrary().pick(0, 3600, -3600, 1, -1, 18 * 3600, -18 * 3600), 40)
          .map(ZoneOffset::ofTotalSeconds);

  static final Gen<ZoneId> ZONES =
      arbitrary()
          .pick(
              List.<ZoneId>of(
                  ZoneOffset.UTC,
                  ZoneId.of("UTC"),
                  ZoneId.of("Europe/Paris"),
                  ZoneId.of("America/New_York"),
                  ZoneId.of("Asia/Kolkata"),
                  ZoneId.of("Australia/Lord_Howe"),
                  ZoneOffset.ofHours(5)));

  static final List<Domain<?>> ALL =
      List.of(
          KeyDomains.<Boolean>natural("boolean", arbitrary().pick(true, false), boolean.class, b -> b),
          KeyDomains.<Byte>natural(
              "byte",
              integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(i -> (byte) (int) i),
              byte.class,
              v -> BigInteger.valueOf(v)),
          KeyDomains.<Short>natural(
              "short",
              integers().between(Short.MIN_VALUE, Short.MAX_VALUE).map(i -> (short) (int) i),
              Short.class,
              v -> BigInteger.valueOf(v)),
          KeyDomains.<Integer>natural(
              "int",
              integers().all().mix(arbitrary().pick(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE), 30),
              int.class,
              v -> BigInteger.valueOf(v)),
          KeyDomains.<Long>natural("long", LONGS, long.class, v -> BigInteger.valueOf(v)),
          KeyDomains.<BigInteger>natural("BigInteger", BIG_INTEGERS, BigInteger.class, v -> v),
          new Domain<>(
              "BigDecimal",
              DECIMALS,
              KeyCodecs.forClass(BigDecimal.class),
              BigDecimal::compareTo,
              (a, b) -> a.compareTo(b) == 0,
              v -> v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros()),
          new Domain<>(
              "double",
              DOUBLES,
              KeyCodecs.forClass(double.class),
              Double::compare,
              (a, b) -> Double.compare(a, b) == 0,
              v -> v),
          new Domain<>(
              "float",
              FLOATS,
              KeyCodecs.forClass(Float.class),
              Float::compare,
              (a, b) -> Float.compare(a, b) == 0,
              v -> (double) v),
          KeyDomains.<Character>natural(
              "char",
              integers().between(0, 0xFFFF).map(i -> (char) (int) i),
              char.class,
              v -> v),
          new Domain<>(
              "String",
              STRINGS,
              KeyCodecs.forClass(String.class),
              KeyDomains::compareCodePoints,
              String::equals,
              v -> v),
          new Domain<>(
              "byte[]",
              BYTES,
              KeyCodecs.forClass(byte[].class),
              Arrays::compareUnsigned,
              Arrays::equals,
              java.nio.ByteBuffer::wrap),
          new Domain<>(
              "UUID",
              longs()
                  .all()
                  .mix(arbitrary().pick(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L), 40)
                  .zip(longs().all().mix(arbitrary().pick(0L, -1L, Long.MIN_VALUE), 40), UUID::new),
              KeyCodecs.forClass(UUID.class),
              KeyDomains::compareUuids,
              UUID::equals,
              v -> v),
          new Domain<>(
              "enum",
              arbitrary().enumValues(Colour.class),
              KeyCodecs.forClass(Colour.class),
              Comparator.comparing(Enum::name),
              Objects::equals,
              v -> new KeyFormat.EnumName(v.name())),
          KeyDomains.<Instant>natural("Instant", INSTANTS, Instant.class, v -> v),
          KeyDomains.<LocalDate>natural(
              "LocalDate",
              longs()
                  .between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
                  .mix(longs().between(-1000, 1000), 40)
                  .map(LocalDate::ofEpochDay),
              LocalDate.class,
              v -> v),
          KeyDomains.<LocalTime>natural(
              "LocalTime",
              longs()
                  .between(0, LocalTime.MAX.toNanoOfDay())
                  .mix(arbitrary().pick(0L, 1L, LocalTime.MAX.toNanoOfDay()), 30)
                  .map(LocalTime::ofNanoOfDay),
              LocalTime.class,
              v -> v),
          KeyDomains.<LocalDateTime>natural(
              "LocalDateTime",
              INSTANTS
                  .assuming(
                      i ->
                          i.getEpochSecond() > LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC)
                              && i.getEpochSecond()
                                  < LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC))
                  .map(i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC)),
              LocalDateTime.class,
              v -> v),
          KeyDomains.<OffsetDateTime>natural(
              "OffsetDateTime",
              MODERATE_INSTANTS.zip(OFFSETS, OffsetDateTime::ofInstant),
              OffsetDateTime.class,
              v -> v),
          KeyDomains.<ZonedDateTime>natural(
              "ZonedDateTime",
              MODERATE_INSTANTS.zip(ZONES, ZonedDateTime::ofInstant),
              ZonedDateTime.class,
              v -> v),
          KeyDomains.<Duration>natural(
              "Duration",
              longs()
                  .all()
                  .mix(longs().between(-5, 5), 40)
                  .zip(integers().between(0, 999_999_999), Duration::ofSeconds),
              Duration.class,
              v -> v),
          KeyDomains.<Year>natural(
              "Year",
              integers().between(Year.MIN_VALUE, Year.MAX_VALUE).mix(integers().between(-5, 5), 30).map(Year::of),
              Year.class,
              v -> v),
          KeyDomains.<YearMonth>natural(
              "YearMonth",
              integers()
                  .between(Year.MIN_VALUE, Year.MAX_VALUE)
                  .mix(integers().between(-2, 2), 40)
                  .zip(integers().between(1, 12), YearMonth::of),
              YearMonth.class,
              v -> v),
          new Domain<>(
              "record",
              STRINGS.zip(LONGS, Region::new),
              KeyCodecs.forType(EntityModels.of(CompositeHolder.class).key().type()),
              Comparator.comparing(Region::code, KeyDomains::compareCodePoints)
                  .thenComparing(Region::number),
              Region::equals,
              v -> List.of(v.code(), BigInteger.valueOf(v.number()))));

  /** Unicode code-point order (which differs from {@link String#compareTo} above U+FFFF). */
  static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  static int compareUuids(UUID a, UUID b) {
    int most = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return most != 0
        ? most
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
