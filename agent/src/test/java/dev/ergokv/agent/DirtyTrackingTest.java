package dev.ergokv.agent;

import static dev.ergokv.agent.SampleBuild.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way the sample entities write a persistent field marks exactly that field's slot, and
 * writes that change nothing mark nothing. Runs on class files of release 17 and of the running
 * JDK.
 */
class DirtyTrackingTest {

  static Stream<Integer> releases() {
    return SampleBuild.releases();
  }

  /** A clean Customer, as the runtime leaves one after loading it. */
  static EnhancedEntity customer(SampleBuild build) throws ReflectiveOperationException {
    Class<?> type = build.load("Customer");
    Constructor<?> constructor = type.getConstructor(UUID.class, String.class);
    EnhancedEntity entity = (EnhancedEntity) constructor.newInstance(UUID.randomUUID(), "Ada");
    entity.ergokv$clearDirty();
    return entity;
  }

  static int slot(Object entity, String field) {
    List<String> names = EnhancedClass.of(entity.getClass()).orElseThrow().fieldNames();
    assertThat(names).contains(field);
    return names.indexOf(field);
  }

  static BitSet slots(Object entity, String... fields) {
    BitSet expected = new BitSet();
    for (String field : fields) {
      expected.set(slot(entity, field));
    }
    return expected;
  }

  @ParameterizedTest
  @MethodSource("releases")
  void setterMarksOnlyItsField(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    call(customer, "setName", "Grace");

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "name"));
    assertThat(customer.ergokv$hasDirty()).isTrue();
    assertThat(customer.ergokv$isDirty(slot(customer, "name"))).isTrue();
    assertThat(customer.ergokv$isDirty(slot(customer, "age"))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void otherMethodWritingAFieldMarksIt(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    call(customer, "birthday");

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "age"));
    assertThat(call(customer, "getAge")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void writeToAnotherInstanceMarksThatInstance(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    EnhancedEntity source = customer(build);
    EnhancedEntity target = customer(build);
    call(target, "setName", "Someone else");
    target.ergokv$clearDirty();

    call(source, "copyNameTo", target);

    assertThat(target.ergokv$dirtySlots()).isEqualTo(slots(target, "name"));
    assertThat(source.ergokv$hasDirty()).isFalse();
    assertThat(call(target, "getName")).isEqualTo("Ada");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void innerClassWriteMarksTheOuterInstance(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    Object editor = call(customer, "editor");
    Object blocked = Enum.valueOf(enumType(customer, "Status"), "BLOCKED");

    call(editor, "status", blocked);

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "status"));
    assertThat(call(customer, "getStatus")).isEqualTo(blocked);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void staticNestedClassWriteMarksTheInstanceItWrites(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    EnhancedEntity customer = customer(build);
    Method fix =
        Class.forName(SampleBuild.PACKAGE + "Customer$Fixer", true, build.loader)
            .getMethod("age", customer.getClass(), int.class);

    fix.invoke(null, customer, 40);

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "age"));
    assertThat(call(customer, "getAge")).isEqualTo(40);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void anonymousClassWriteMarksTheOuterInstance(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    call(customer, "scoreViaAnonymousClass", 9.5);

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "score"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void lambdaWriteMarksTheCapturedInstance(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    Runnable rename = (Runnable) call(customer, "renameLater", "Lin");
    assertThat(customer.ergokv$hasDirty()).isFalse();

    rename.run();

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "name"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void mappedSuperclassWritesShareTheEntitysDirtySet(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    call(customer, "touch");
    call(customer, "signOff", "ops");
    call(customer, "setAge", 33);

    assertThat(slot(customer, "revision")).isEqualTo(1);
    assertThat(slot(customer, "changedBy")).isZero();
    assertThat(customer.ergokv$dirtySlots())
        .isEqualTo(slots(customer, "revision", "changedBy", "age"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void mappedSuperclassAboveAnUnmappedOneSharesTheDirtySetToo(int release) throws Exception {
    EnhancedEntity note =
        (EnhancedEntity) SampleBuild.of(release).load("Note").getConstructor().newInstance();
    assertThat(EnhancedClass.of(note.getClass()).orElseThrow().fieldNames())
        .containsExactly("stampedAt", "id", "text");

    call(note, "stamp", 5L);
    call(note, "setText", "hello");
    call(note, "remember", "not persistent");

    assertThat(note.ergokv$dirtySlots()).isEqualTo(slots(note, "stampedAt", "text"));
    assertThat(note.ergokv$read(0)).isEqualTo(5L);
    note.ergokv$write(0, 9L);
    assertThat(call(note, "getStampedAt")).isEqualTo(9L);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void theListenerHearsTheFirstMarkAfterEachClear(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    List<EnhancedEntity> heard = new ArrayList<>();
    customer.ergokv$listen(heard::add);

    call(customer, "setAge", 1); // unchanged: no mark, nothing heard
    assertThat(heard).isEmpty();
    call(customer, "touch"); // a write in the mapped superclass
    call(customer, "setName", "Grace");
    assertThat(heard).containsExactly(customer);

    customer.ergokv$clearDirty();
    @SuppressWarnings("unchecked")
    List<String> tags = (List<String>) call(customer, "getTags");
    tags.add("in place"); // through the tracked wrapper clearDirty installed
    tags.add("again");
    assertThat(heard).containsExactly(customer, customer);

    customer.ergokv$listen(null);
    customer.ergokv$clearDirty();
    call(customer, "setName", "Ada");
    assertThat(heard).hasSize(2);
    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "name"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void writesThatChangeNothingMarkNothing(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    Object home = newPoint(customer, 1, 2);
    call(customer, "setNickname", Optional.of("A"));
    call(customer, "setHome", home);
    call(customer, "setScore", 1.5);
    customer.ergokv$clearDirty();

    call(customer, "setName", new String("Ada")); // equal, not identical: Strings compare by equals
    call(customer, "setAge", 1);
    call(customer, "setScore", 1.5);
    call(customer, "setNickname", Optional.of("A"));
    call(customer, "setHome", newPoint(customer, 1, 2)); // records of values compare by equals
    call(customer, "setCounters", call(customer, "getCounters"));

    assertThat(customer.ergokv$hasDirty()).isFalse();
    assertThat(customer.ergokv$dirtySlots()).isEqualTo(new BitSet());
  }

  @ParameterizedTest
  @MethodSource("releases")
  void doublesCompareLikeTheirStoredForm(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    call(customer, "setScore", Double.NaN);
    customer.ergokv$clearDirty();

    call(customer, "setScore", Double.NaN);
    assertThat(customer.ergokv$hasDirty()).as("NaN replaced by NaN").isFalse();

    call(customer, "setScore", 0.0);
    customer.ergokv$clearDirty();
    call(customer, "setScore", -0.0);
    assertThat(customer.ergokv$hasDirty()).as("0.0 replaced by -0.0").isTrue();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void mutableValuesCompareByIdentity(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    byte[] photo = {1, 2, 3};
    call(customer, "setPhoto", (Object) photo);
    customer.ergokv$clearDirty();

    call(customer, "setPhoto", (Object) photo);
    assertThat(customer.ergokv$hasDirty()).isFalse();

    call(customer, "setPhoto", (Object) new byte[] {1, 2, 3});
    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "photo"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void transientFieldsAreNeitherSlotsNorTracked(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    call(customer, "setCache", "x");
    call(customer, "setNote", "y");

    assertThat(customer.ergokv$hasDirty()).isFalse();
    assertThat(EnhancedClass.of(customer.getClass()).orElseThrow().fieldNames())
        .doesNotContain("cache", "note", "created", "$ergokv$dirty");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void constructorsAreNotRewritten(int release) throws Exception {
    Class<?> type = SampleBuild.of(release).load("Customer");

    EnhancedEntity fresh =
        (EnhancedEntity) type.getConstructor(UUID.class, String.class).newInstance(null, "Ada");

    // The constructor wrote id, name, age and tags, yet nothing is marked: a new entity is
    // written whole by the runtime, and constructors run untouched.
    assertThat(fresh.ergokv$hasDirty()).isFalse();
    assertThat(call(fresh, "getName")).isEqualTo("Ada");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void rootEntityTracksEveryPrimitiveKind(int release) throws Exception {
    Class<?> type = SampleBuild.of(release).load("Tag");
    EnhancedEntity tag =
        (EnhancedEntity) type.getConstructor(String.class, long.class).newInstance("t", 5L);
    assertThat(EnhancedClass.of(type).orElseThrow().fieldNames())
        .containsExactly("createdAt", "label", "marker", "pinned", "weight");

    call(tag, "setWeight", 0.0f);
    call(tag, "setMarker", '\0');
    call(tag, "setPinned", false);
    assertThat(tag.ergokv$hasDirty()).isFalse();

    call(tag, "setWeight", 1.5f);
    call(tag, "setMarker", 'x');
    call(tag, "setPinned", true);
    assertThat(tag.ergokv$dirtySlots()).isEqualTo(slots(tag, "weight", "marker", "pinned"));

    tag.ergokv$clearDirty();
    assertThat(tag.ergokv$hasDirty()).isFalse();
    assertThat(tag.ergokv$dirtySlots()).isEqualTo(new BitSet());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Class<? extends Enum> enumType(Object entity, String simpleName)
      throws ClassNotFoundException {
    return (Class<? extends Enum>)
        Class.forName(SampleBuild.PACKAGE + simpleName, true, entity.getClass().getClassLoader());
  }

  private static Object newPoint(Object customer, int x, int y) throws Exception {
    Class<?> point =
        Class.forName(
            SampleBuild.PACKAGE + "Customer$Point", true, customer.getClass().getClassLoader());
    return point.getConstructor(int.class, int.class).newInstance(x, y);
  }
}
