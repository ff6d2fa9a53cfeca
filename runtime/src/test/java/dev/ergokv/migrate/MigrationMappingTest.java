package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.Backend;
import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKv;
import dev.ergokv.MappingException;
import dev.ergokv.ReadTransaction;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.migrate.VersionChain;
import dev.ergokv.internal.validation.BuildTimeValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Converter and chain checks at mapping time (and in the build-time validator), and the chain's
 * own failures at read time.
 */
class MigrationMappingTest {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Entity(value = "Thing", version = 1)
  static class ThingV1 {
    @Key long id;
    String name;
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(ThingV1.class)
  static class NoConverter {
    @Key long id;
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(ThingV1.class)
  static class WrongSignature {
    @Key long id;

    static String migrateFrom(String previous) {
      return previous;
    }
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(ThingV1.class)
  static class NotStatic {
    @Key long id;

    NotStatic migrateFrom(ThingV1 previous) {
      return this;
    }
  }

  static class StringToNotStatic implements Migration<String, NotStatic> {
    @Override
    public NotStatic migrate(String previous) {
      return null;
    }
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(value = ThingV1.class, using = StringToNotStatic.class)
  static class WrongTypeArguments {
    @Key long id;
  }

  static class NeedsArgument implements Migration<ThingV1, BothWays> {
    NeedsArgument(int unused) {}

    @Override
    public BothWays migrate(ThingV1 previous) {
      return null;
    }
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(value = ThingV1.class, using = NeedsArgument.class)
  static class BothWays {
    @Key long id;

    static BothWays migrateFrom(ThingV1 previous) {
      return new BothWays();
    }
  }

  @Entity(value = "Thing", version = 2)
  @MigrateFrom(ThingV1.class)
  static class Thing {
    @Key long id;
    String title;

    static Thing migrateFrom(ThingV1 previous) {
      Thing thing = new Thing();
      thing.id = previous.name.equals("rekey") ? previous.id + 1 : previous.id;
      thing.title = previous.name;
      return thing;
    }
  }

  @Entity(value = "Label", version = 1)
  static class LabelV1 {
    @Key String code;
  }

  @Entity(value = "Label", version = 2)
  @MigrateFrom(LabelV1.class)
  static class Label {
    @Key long code;

    static Label migrateFrom(LabelV1 previous) {
      return new Label();
    }
  }

  @Entity(value = "Broken", version = 1)
  static class BrokenV1 {
    String noKey;
  }

  @Entity(value = "Broken", version = 2)
  @MigrateFrom(BrokenV1.class)
  static class Broken {
    @Key long id;

    static Broken migrateFrom(BrokenV1 previous) {
      return new Broken();
    }
  }

  @Entity(value = "Gap", version = 1)
  static class GapV1 {
    @Key long id;
  }

  @Entity(value = "Gap", version = 3)
  @MigrateFrom(GapV1.class)
  static class Gap {
    @Key long id;

    static Gap migrateFrom(GapV1 previous) {
      Gap gap = new Gap();
      gap.id = previous.id;
      return gap;
    }
  }

  private static List<String> problems(Class<?> type) {
    return EntityModels.problems(type);
  }

  @Test
  void aMissingConverterSaysBothWaysToDeclareOne() {
    assertThat(problems(NoConverter.class))
        .containsExactly(
            NoConverter.class.getName()
                + ": @MigrateFrom(ThingV1.class) has no converter; declare 'static NoConverter"
                + " migrateFrom(ThingV1 previous)' in NoConverter, or a class implementing"
                + " Migration<ThingV1, NoConverter> named by @MigrateFrom(value = ThingV1.class,"
                + " using = ...)");
  }

  @Test
  void aConverterMethodWithTheWrongSignatureIsNamed() {
    assertThat(problems(WrongSignature.class))
        .containsExactly(
            WrongSignature.class.getName()
                + ".migrateFrom(String): the converter must take exactly one parameter of type "
                + ThingV1.class.getName()
                + " (the @MigrateFrom class)",
            WrongSignature.class.getName()
                + ".migrateFrom(String): the converter must return "
                + WrongSignature.class.getName()
                + ", not java.lang.String");
    assertThat(problems(NotStatic.class))
        .containsExactly(
            NotStatic.class.getName()
                + ".migrateFrom(ThingV1): the converter must be static (it creates the new"
                + " instance from the previous one)");
  }

  @Test
  void aConverterClassMustLinkExactlyTheseTwoClasses() {
    assertThat(problems(WrongTypeArguments.class))
        .containsExactly(
            StringToNotStatic.class.getName()
                + " (the converter of "
                + WrongTypeArguments.class.getName()
                + "): implements Migration<java.lang.String, "
                + NotStatic.class.getName()
                + ">, but the link needs Migration<"
                + ThingV1.class.getName()
                + ", "
                + WrongTypeArguments.class.getName()
                + ">");
  }

  @Test
  void aConverterClassNeedsANoArgConstructorAndExcludesTheStaticMethod() {
    assertThat(problems(BothWays.class))
        .containsExactly(
            NeedsArgument.class.getName()
                + " (the converter of "
                + BothWays.class.getName()
                + "): has no no-arg constructor; declare one (any visibility)",
            BothWays.class.getName()
                + ".migrateFrom(ThingV1): @MigrateFrom names a converter class ("
                + NeedsArgument.class.getName()
                + ") and this static migrateFrom method exists too; keep one of them");
    assertThatThrownBy(() -> BACKEND.open().read((ReadTransaction tx) -> tx.load(BothWays.class, 1L)))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("keep one of them");
  }

  @Test
  void aChainWhoseKeyTypeChangedOrWhoseOlderClassDoesNotMapIsReportedAtBuildAndAtFirstUse() {
    List<String> report =
        BuildTimeValidator.validate(List.of(Label.class, LabelV1.class, Broken.class));

    String keyChanged =
        LabelV1.class.getName()
            + ".code: the @Key of version 1 has type String, but "
            + Label.class.getName()
            + ".code (version 2) has type long; stored keys cannot change type in a migration"
            + " (integer types may widen)";
    assertThat(report).contains(keyChanged);
    assertThat(report)
        .anySatisfy(
            message ->
                assertThat(message)
                    .startsWith(
                        Broken.class.getName()
                            + ": its @MigrateFrom chain reaches "
                            + BrokenV1.class.getName()
                            + ", which does not map: "));
    assertThat(VersionChain.problems(Label.class)).containsExactly(keyChanged);
    assertThatThrownBy(() -> BACKEND.open().read((ReadTransaction tx) -> tx.load(Label.class, 1L)))
        .isInstanceOf(MappingException.class)
        .hasMessage(keyChanged);
  }

  @Test
  void aValidChainPassesTheBuildTimeValidator() {
    assertThat(
            BuildTimeValidator.validate(
                List.of(Person.class, PersonV2.class, PersonV1.class, PersonV2ToV3.class)))
        .isEmpty();
    assertThat(VersionChain.of(EntityModels.of(Person.class)).versions()).containsExactly(1, 2, 3);
  }

  @Test
  void aStoredVersionOutsideTheChainIsCorruptAndNamesTheVersions() {
    ErgoKv kv = BACKEND.open();
    kv.transact(tx -> tx.insert(new GapV1()));
    byte[] key = KeySpace.of(kv.keyspace()).keys(EntityModels.of(Gap.class)).entityKey(0L);
    byte[] value = RawKeys.value(BACKEND.engine(), key);
    value[1] = 2; // the header's schema version: 2, which no class describes
    RawKeys.put(BACKEND.engine(), key, value);

    assertThatThrownBy(() -> kv.read((ReadTransaction tx) -> tx.load(Gap.class, 0L)))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("stored at schema version 2, which no class of the @MigrateFrom chain of "
            + Gap.class.getName() + " describes (versions 1, 3)");
  }

  @Test
  void aConverterThatChangesTheKeyIsRefused() {
    ErgoKv kv = BACKEND.open();
    ThingV1 old = new ThingV1();
    old.id = 5;
    old.name = "rekey";
    kv.transact(tx -> tx.insert(old));

    assertThatThrownBy(() -> kv.read((ReadTransaction tx) -> tx.load(Thing.class, 5L)))
        .isInstanceOf(ConverterFailedException.class)
        .hasMessageContaining("changed the key from 5 to 6");
  }
}
