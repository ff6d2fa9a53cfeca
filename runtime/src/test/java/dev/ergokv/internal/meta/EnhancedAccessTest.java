package dev.ergokv.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.MappingException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.enhance.ChangeListener;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.entities.enhanced.Badge;
import dev.ergokv.entities.enhanced.Profile;
import dev.ergokv.internal.validation.BuildTimeValidator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnhancedAccessTest {

  /** Implements the contract's methods for samples whose model is refused before any call. */
  abstract static class NeverCalled implements EnhancedEntity {
    @Override
    public Object ergokv$read(int slot) {
      throw new AssertionError("not called");
    }

    @Override
    public void ergokv$write(int slot, Object value) {
      throw new AssertionError("not called");
    }

    @Override
    public void ergokv$markDirty(int slot) {
      throw new AssertionError("not called");
    }

    @Override
    public boolean ergokv$isDirty(int slot) {
      throw new AssertionError("not called");
    }

    @Override
    public boolean ergokv$hasDirty() {
      throw new AssertionError("not called");
    }

    @Override
    public BitSet ergokv$dirtySlots() {
      throw new AssertionError("not called");
    }

    @Override
    public void ergokv$clearDirty() {
      throw new AssertionError("not called");
    }

    @Override
    public void ergokv$listen(ChangeListener listener) {
      throw new AssertionError("not called");
    }
  }

  /** Its stamp numbers the slots {@code name, id}; the canonical order is {@code id, name}. */
  @Entity
  @Enhanced(
      format = Enhanced.FORMAT,
      fields = {"name", "id"},
      tracking = {SlotTracking.VALUE, SlotTracking.VALUE})
  static class Misnumbered extends NeverCalled {
    @Key private long id;
    private String name;
  }

  /** Enhanced before a field was added (e.g. by a superclass rebuilt in another jar). */
  @Entity
  @Enhanced(format = Enhanced.FORMAT, fields = {"id"}, tracking = {SlotTracking.VALUE})
  static class MissingField extends NeverCalled {
    @Key private long id;
    private String name;
  }

  @Entity
  @Enhanced(format = 0, fields = {"id"}, tracking = {SlotTracking.VALUE})
  static class OldFormat extends NeverCalled {
    @Key private long id;
  }

  @Entity
  static class Plain {
    @Key private long id;
  }

  @Test
  void aStampedClassGetsTheEnhancedAccessAndAPlainOneTheReflectiveAccess() {
    assertThat(EntityModels.of(Badge.class).access())
        .isInstanceOf(EnhancedAccess.class)
        .satisfies(access -> assertThat(access.tracksWrites()).isTrue());
    assertThat(EntityModels.of(Plain.class).access())
        .isInstanceOf(ReflectiveAccess.class)
        .satisfies(access -> assertThat(access.tracksWrites()).isFalse());
  }

  @Test
  void fieldsAreReadAndWrittenBySlotWithoutMarkingThem() {
    EntityModel<Badge> model = EntityModels.of(Badge.class);
    EntityAccess<Badge> access = model.access();
    Badge badge = new Badge(1, "c", "t", "l");
    int label = model.field("label").slot();

    access.set(badge, label, "written");

    assertThat(badge.label()).isEqualTo("written");
    assertThat(access.get(badge, label)).isEqualTo("written");
    assertThat(model.keyOf(badge)).isEqualTo(1L);
    assertThat(access.isDirty(badge)).isFalse();
  }

  @Test
  void instancesComeFromTheNoArgConstructorAndAreBuiltBySlot() {
    EntityModel<Badge> model = EntityModels.of(Badge.class);
    Object[] values = new Object[5];
    values[model.field("id").slot()] = 9L;
    values[model.field("code").slot()] = "nine";
    values[model.field("tags").slot()] = new ArrayList<>(List.of("x"));

    Badge badge = model.access().construct(values);

    assertThat(badge.id()).isEqualTo(9L);
    assertThat(badge.code()).isEqualTo("nine");
    assertThat(badge.tags()).containsExactly("x");
    assertThat(model.access().newInstance().tags()).as("constructor default").isEmpty();
  }

  @Test
  void aPrimitiveSlotIsNeverSetToNull() {
    EntityModel<Badge> model = EntityModels.of(Badge.class);

    assertThatThrownBy(
            () -> model.access().set(new Badge(1, "c", "t", "l"), model.field("id").slot(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Badge.class.getName() + ".id is primitive");
  }

  @Test
  void dirtyIsWhatTheInstanceMarkedAndCleanForgetsIt() {
    EntityAccess<Badge> access = EntityModels.of(Badge.class).access();
    Badge badge = new Badge(1, "c", "t", "l");
    access.markClean(badge);

    badge.label("l");
    assertThat(access.isDirty(badge)).as("unchanged value").isFalse();
    badge.label("m");
    assertThat(access.isDirty(badge)).isTrue();
    access.markClean(badge);
    assertThat(access.isDirty(badge)).isFalse();
  }

  @Test
  void whatIsComparedAtFlushComesFromTheStampNotFromTheType() {
    EntityModel<Badge> badge = EntityModels.of(Badge.class);
    EntityModel<Profile> profile = EntityModels.of(Profile.class);

    // A List<String> is a mutable type, but the enhancer wraps it: tracked, not compared.
    assertThat(badge.field("tags").type().isImmutable()).isFalse();
    assertThat(badge.access().comparesAtFlush(badge.field("tags"))).isFalse();
    assertThat(profile.access().comparesAtFlush(profile.field("avatar"))).isTrue();
    assertThat(profile.access().comparesAtFlush(profile.field("name"))).isFalse();
  }

  @Test
  void slotsNumberedOtherwiseThanTheMappingAreRefusedWithAFix() {
    assertThatThrownBy(() -> EntityModels.of(Misnumbered.class))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith(Misnumbered.class.getName() + ": was enhanced for")
        .hasMessageContaining("[name, id]")
        .hasMessageContaining("[id, name]")
        .hasMessageContaining("Enhance it again: a clean build");
    assertThatThrownBy(() -> EntityModels.of(MissingField.class))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("[id] (in slot order), but its mapping now has [id, name]");
  }

  @Test
  void aClassEnhancedWithAnotherFormatIsRefusedWithAFix() {
    assertThatThrownBy(() -> EntityModels.of(OldFormat.class))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith(OldFormat.class.getName() + ": was enhanced with enhancement format 0")
        .hasMessageContaining("enhance it again")
        .hasMessageContaining("clean build");
  }

  @Test
  void theBuildTimeValidatorReportsTheSameMismatches() {
    assertThat(BuildTimeValidator.validate(List.of(Misnumbered.class, OldFormat.class, Badge.class)))
        .hasSize(2)
        .anySatisfy(problem -> assertThat(problem).contains(Misnumbered.class.getName(), "[name, id]"))
        .anySatisfy(problem -> assertThat(problem).contains(OldFormat.class.getName(), "format 0"));
  }
}
