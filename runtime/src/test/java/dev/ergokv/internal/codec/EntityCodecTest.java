package dev.ergokv.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKvException;
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
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

class EntityCodecTest {

  private static final byte[] KEY = {0x20, 'k', 0, 1};

  enum Status {
    ACTIVE,
    BLOCKED
  }

  record Money(BigDecimal amount, String currency) {}

  record Pair<A, B>(A first, B second) {}

  static class Address {
    String street;
    String city = "Nowhere";
    List<String> lines = new ArrayList<>();
  }

  @Entity("Everything")
  static class Everything {
    @Key UUID id;
    boolean flag;
    byte b;
    short s;
    char c;
    int i;
    long l;
    float f;
    double d;
    Boolean boxedFlag;
    Byte boxedByte;
    Short boxedShort;
    Character boxedChar;
    Integer boxedInt;
    Long boxedLong;
    Float boxedFloat;
    Double boxedDouble;
    String text;
    byte[] bytes;
    UUID uuid;
    Status status;
    BigInteger bigInteger;
    BigDecimal bigDecimal;
    Instant instant;
    LocalDate localDate;
    LocalTime localTime;
    LocalDateTime localDateTime;
    OffsetDateTime offsetDateTime;
    ZonedDateTime zonedDateTime;
    Duration duration;
    Period period;
    Year year;
    YearMonth yearMonth;
    Optional<String> optional;
    Optional<Money> optionalMoney;
    List<String> list;
    Set<Integer> set;
    Map<String, Long> map;
    Map<UUID, List<Money>> nestedMap;
    Map<Status, Address> enumMap;
    Map<Long, String> longKeys;
    Map<BigDecimal, String> decimalKeys;
    Money money;
    Address address;
    List<Optional<String>> optionals;
    Pair<String, List<Status>> pair;
  }

  private static final EntityCodec<Everything> EVERYTHING = EntityCodec.of(Everything.class);

  /** Field-by-field equality, with floating point compared exactly (NaN = NaN, -0.0 != 0.0). */
  private static final RecursiveComparisonConfiguration EXACT =
      RecursiveComparisonConfiguration.builder()
          .withComparatorForType(Float::compare, Float.class)
          .withComparatorForType(Double::compare, Double.class)
          .build();

  private static Everything populated() {
    Everything e = new Everything();
    e.id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    e.flag = true;
    e.b = Byte.MIN_VALUE;
    e.s = Short.MAX_VALUE;
    e.c = '\uffff';
    e.i = Integer.MIN_VALUE;
    e.l = Long.MIN_VALUE;
    e.f = Float.NaN;
    e.d = -0.0;
    e.boxedFlag = false;
    e.boxedByte = (byte) 7;
    e.boxedShort = (short) -7;
    e.boxedChar = '\0';
    e.boxedInt = 70_000;
    e.boxedLong = Long.MAX_VALUE;
    e.boxedFloat = Float.MIN_VALUE;
    e.boxedDouble = Double.NEGATIVE_INFINITY;
    e.text = "zero \0, ÿ, \ud83d\ude00 and an unpaired \ud800 surrogate";
    e.bytes = new byte[] {0, (byte) 0xFF, 1};
    e.uuid = new UUID(-1L, Long.MIN_VALUE);
    e.status = Status.BLOCKED;
    e.bigInteger = BigInteger.ONE.shiftLeft(200).negate();
    e.bigDecimal = new BigDecimal("-1234.5000");
    e.instant = Instant.ofEpochSecond(-62_000_000_000L, 999_999_999);
    e.localDate = LocalDate.MIN;
    e.localTime = LocalTime.MAX;
    e.localDateTime = LocalDateTime.MAX;
    e.offsetDateTime = OffsetDateTime.of(2020, 2, 29, 23, 59, 59, 1, ZoneOffset.ofHoursMinutes(-9, -30));
    e.zonedDateTime = ZonedDateTime.of(2021, 10, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")).withLaterOffsetAtOverlap();
    e.duration = Duration.ofSeconds(-5, 1);
    e.period = Period.of(1, -2, 3);
    e.year = Year.of(-44);
    e.yearMonth = YearMonth.of(1969, 7);
    e.optional = Optional.of("present");
    e.optionalMoney = Optional.of(new Money(new BigDecimal("0.10"), "EUR"));
    e.list = new ArrayList<>(Arrays.asList("a", null, ""));
    e.set = new LinkedHashSet<>(List.of(3, 1, 2));
    e.map = new LinkedHashMap<>();
    e.map.put("one", 1L);
    e.map.put("none", null);
    e.nestedMap = Map.of(UUID.randomUUID(), List.of(new Money(BigDecimal.TEN, "USD")));
    Address address = new Address();
    address.street = "Main";
    address.city = null;
    address.lines = List.of("line 1", "line 2");
    e.enumMap = Map.of(Status.ACTIVE, address);
    e.longKeys = Map.of(-5L, "minus five", Long.MAX_VALUE, "max");
    e.decimalKeys = Map.of(new BigDecimal("1.00"), "one with scale 2");
    e.money = new Money(null, "JPY");
    e.address = new Address();
    e.optionals = List.of(Optional.of("x"), Optional.empty());
    e.pair = new Pair<>("generic", List.of(Status.ACTIVE, Status.BLOCKED));
    return e;
  }

  @Test
  void everySupportedTypeSurvivesARoundTrip() {
    Everything original = populated();

    byte[] value = EVERYTHING.encode(original);
    Everything decoded = EVERYTHING.decode(KEY, value);

    assertThat(decoded).usingRecursiveComparison(EXACT).isEqualTo(original);
    assertThat(decoded.bigDecimal.scale()).as("the value keeps the scale").isEqualTo(4);
    assertThat(decoded.text).isEqualTo(original.text);
    assertThat(decoded.address.city).as("stored default kept").isEqualTo("Nowhere");
    assertThat(decoded.enumMap.get(Status.ACTIVE).city).as("stored null kept").isNull();
    assertThat(EVERYTHING.encode(decoded)).as("deterministic").isEqualTo(value);
  }

  @Test
  void nullsAndEmptiesSurviveARoundTrip() {
    Everything original = new Everything();
    original.id = UUID.randomUUID();
    original.text = "";
    original.bytes = new byte[0];
    original.optional = Optional.empty();
    original.list = new ArrayList<>();
    original.set = new LinkedHashSet<>();
    original.map = new HashMap<>();

    Everything decoded = EVERYTHING.decode(KEY, EVERYTHING.encode(original));

    assertThat(decoded)
        .usingRecursiveComparison(EXACT)
        .ignoringFields("optionalMoney")
        .isEqualTo(original);
    assertThat(decoded.optionalMoney).as("a null Optional reads as empty").isEmpty();
    assertThat(decoded.boxedInt).isNull();
    assertThat(decoded.address).isNull();
  }

  @Entity("Defaults")
  static class Defaults {
    @Key long id;
    String status = "NEW";
    List<String> tags = new ArrayList<>(List.of("default"));
  }

  @Test
  void aStoredNullIsNotReplacedByTheConstructorDefault() {
    Defaults original = new Defaults();
    original.status = null;
    original.tags = null;

    Defaults decoded = EntityCodec.of(Defaults.class).decode(KEY, EntityCodec.of(Defaults.class).encode(original));

    assertThat(decoded.status).isNull();
    assertThat(decoded.tags).isNull();
  }

  @Test
  void theHeaderCarriesFormatAndSchemaVersion() {
    byte[] value = EntityCodec.of(Defaults.class).encode(new Defaults());

    assertThat(value[0] & 0xFF).isEqualTo(EntityCodec.FORMAT);
    assertThat(value[1]).isEqualTo((byte) 1);
    assertThat(EntityCodec.of(Defaults.class).storedVersion(KEY, value)).isEqualTo(1);

    Versioned versioned = new Versioned();
    byte[] v300 = EntityCodec.of(Versioned.class).encode(versioned);
    assertThat(Arrays.copyOf(v300, 3)).containsExactly(0xEC, 0xAC, 0x02);
    assertThat(EntityCodec.of(Versioned.class).storedVersion(KEY, v300)).isEqualTo(300);
    assertThat(EntityCodec.of(Defaults.class).storedVersion(KEY, v300))
        .as("any model can read the version a value was written with")
        .isEqualTo(300);
  }

  @Entity(value = "Versioned", version = 300)
  static class Versioned {
    @Key long id;
  }

  @Entity("Person")
  static class PersonV1 {
    @Key long id;
    String name;
    int age = -1;
  }

  @Entity("Person")
  static class PersonV2 {
    @Key long id;
    String name;
    String email = "unknown";
  }

  @Test
  void addingOrRemovingAFieldNeedsNoMigration() {
    PersonV1 old = new PersonV1();
    old.id = 1;
    old.name = "Ann";
    old.age = 33;

    PersonV2 upgraded = EntityCodec.of(PersonV2.class).decode(KEY, EntityCodec.of(PersonV1.class).encode(old));
    assertThat(upgraded.name).isEqualTo("Ann");
    assertThat(upgraded.email).as("added field keeps its default").isEqualTo("unknown");

    upgraded.email = "ann@example.com";
    PersonV1 downgraded = EntityCodec.of(PersonV1.class).decode(KEY, EntityCodec.of(PersonV2.class).encode(upgraded));
    assertThat(downgraded.name).isEqualTo("Ann");
    assertThat(downgraded.age).as("removed field keeps its default").isEqualTo(-1);
  }

  @Entity("Point")
  record PointV1(@Key long id, String label) {}

  @Entity("Point")
  record PointV2(@Key long id, int x, Optional<String> note, String label, List<String> tags) {}

  @Test
  void recordsGetZeroNullOrEmptyForMissingComponents() {
    byte[] value = EntityCodec.of(PointV1.class).encode(new PointV1(9, "p"));

    PointV2 point = EntityCodec.of(PointV2.class).decode(KEY, value);

    assertThat(point).isEqualTo(new PointV2(9, 0, Optional.empty(), "p", null));
    assertThat(EntityCodec.of(PointV2.class).decode(KEY, EntityCodec.of(PointV2.class).encode(point))).isEqualTo(point);
  }

  @Entity("Widening")
  static class Narrow {
    @Key long id;
    Integer count;
    int size = 5;
  }

  @Entity("Widening")
  static class Wide {
    @Key long id;
    long count;
    long size;
  }

  @Test
  void numbersWidenAndStoredNullsLeavePrimitivesAtTheirDefault() {
    Narrow narrow = new Narrow();
    narrow.count = null;
    narrow.size = 7;

    Wide wide = EntityCodec.of(Wide.class).decode(KEY, EntityCodec.of(Narrow.class).encode(narrow));
    assertThat(wide.count).isZero();
    assertThat(wide.size).isEqualTo(7);

    wide.count = 1L << 40;
    assertThatThrownBy(() -> EntityCodec.of(Narrow.class).decode(KEY, EntityCodec.of(Wide.class).encode(wide)))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("field 'count': 1099511627776 does not fit a int");
  }

  @Test
  void encodeIfChangedComparesWithTheLoadedValue() {
    Everything entity = populated();
    byte[] loaded = EVERYTHING.encode(entity);

    assertThat(EVERYTHING.encodeIfChanged(entity, KEY, loaded)).isNull();

    entity.address.lines.add("mutated inside a nested value");
    byte[] changed = EVERYTHING.encodeIfChanged(entity, KEY, loaded);
    assertThat(changed).isNotNull().isNotEqualTo(loaded);
    assertThat(EVERYTHING.decode(KEY, changed).address.lines).endsWith("mutated inside a nested value");
  }

  @Test
  void aValueWrittenByAnotherClassVersionIsNotAChange() {
    PersonV1 old = new PersonV1();
    old.id = 1;
    old.name = "Ann";
    byte[] loaded = EntityCodec.of(PersonV1.class).encode(old);
    PersonV2 person = EntityCodec.of(PersonV2.class).decode(KEY, loaded);

    assertThat(EntityCodec.of(PersonV2.class).encode(person)).isNotEqualTo(loaded);
    assertThat(EntityCodec.of(PersonV2.class).encodeIfChanged(person, KEY, loaded)).isNull();

    person.name = "Anna";
    assertThat(EntityCodec.of(PersonV2.class).encodeIfChanged(person, KEY, loaded)).isNotNull();
  }

  @Test
  void valuesThatCannotBeStoredAreRejectedNamingTheField() {
    Everything entity = populated();
    entity.map = new HashMap<>();
    entity.map.put(null, 1L);
    assertThatThrownBy(() -> EVERYTHING.encode(entity))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("Cannot store " + Everything.class.getName() + ".map (model 'Everything')")
        .hasMessageContaining("null key");

    Everything other = populated();
    Address address = new Address();
    address.lines = new ArrayList<>(List.of("ok"));
    other.enumMap = Map.of(Status.ACTIVE, address);
    other.map = Map.of("bad \udc00 key", 1L);
    assertThatThrownBy(() -> EVERYTHING.encode(other)).hasMessageContaining(".map (model 'Everything'): map key holds an unpaired surrogate");
  }

  @Test
  void codecsAreCachedPerModel() {
    assertThat(EntityCodec.of(EntityModels.of(Everything.class))).isSameAs(EVERYTHING);
    assertThat(EVERYTHING.model()).isSameAs(EntityModels.of(Everything.class));
  }
}
