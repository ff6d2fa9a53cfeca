package dev.ergokv.agent;

import static dev.ergokv.agent.DirtyTrackingTest.customer;
import static dev.ergokv.agent.DirtyTrackingTest.slot;
import static dev.ergokv.agent.SampleBuild.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated {@code ergokv$read}/{@code ergokv$write} reach every slot without reflection. */
class SlotAccessTest {

  static Stream<Integer> releases() {
    return SampleBuild.releases();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void readsEverySlotOfTheHierarchyBoxed(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    call(customer, "touch");
    call(customer, "setChangedBy", "ops");
    call(customer, "setScore", 2.5);

    assertThat(customer.ergokv$read(slot(customer, "revision"))).isEqualTo(1L);
    assertThat(customer.ergokv$read(slot(customer, "changedBy"))).isEqualTo("ops");
    assertThat(customer.ergokv$read(slot(customer, "name"))).isEqualTo("Ada");
    assertThat(customer.ergokv$read(slot(customer, "age"))).isEqualTo(1);
    assertThat(customer.ergokv$read(slot(customer, "score"))).isEqualTo(2.5);
    assertThat(customer.ergokv$read(slot(customer, "photo"))).isNull();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void writesEverySlotWithoutMarkingIt(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    UUID id = UUID.randomUUID();

    customer.ergokv$write(slot(customer, "revision"), 7L);
    customer.ergokv$write(slot(customer, "changedBy"), "loader");
    customer.ergokv$write(slot(customer, "id"), id);
    customer.ergokv$write(slot(customer, "age"), 30);
    customer.ergokv$write(slot(customer, "score"), 0.25);
    customer.ergokv$write(slot(customer, "tags"), new ArrayList<>(List.of("t")));

    assertThat(customer.ergokv$hasDirty()).isFalse();
    assertThat(call(customer, "getRevision")).isEqualTo(7L);
    assertThat(call(customer, "getChangedBy")).isEqualTo("loader");
    assertThat(call(customer, "getId")).isEqualTo(id);
    assertThat(call(customer, "getAge")).isEqualTo(30);
    assertThat(call(customer, "getScore")).isEqualTo(0.25);
    assertThat(call(customer, "getTags")).isEqualTo(List.of("t"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void finalFieldsCanBeLoaded(int release) throws Exception {
    Class<?> type = SampleBuild.of(release).load("Tag");
    Constructor<?> noArg = type.getDeclaredConstructor();
    noArg.setAccessible(true);
    EnhancedEntity tag = (EnhancedEntity) noArg.newInstance();

    tag.ergokv$write(1, "loaded");
    tag.ergokv$write(0, 99L);

    assertThat(call(tag, "getLabel")).isEqualTo("loaded");
    assertThat(tag.ergokv$read(0)).isEqualTo(99L);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void badSlotsAndValuesFailClearly(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    int slots = EnhancedClass.of(customer.getClass()).orElseThrow().slotCount();

    assertThatThrownBy(() -> customer.ergokv$read(slots))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("Customer has no persistent field at slot " + slots);
    assertThatThrownBy(() -> customer.ergokv$write(-1, null))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> customer.ergokv$write(slot(customer, "age"), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> customer.ergokv$write(slot(customer, "name"), 5))
        .isInstanceOf(ClassCastException.class);
  }

  /** An entity with more slots than one 64-bit word: the dirty set grows. */
  @Test
  void entitiesWithMoreThan64FieldsTrackEverySlot(@TempDir Path temp) throws Exception {
    StringBuilder source =
        new StringBuilder(
            "package dev.ergokv.samples.wide;\n"
                + "@dev.ergokv.annotation.Entity public class Wide {\n");
    for (int i = 0; i < 70; i++) {
      source.append(String.format("  private int f%02d;%n", i));
    }
    source.append("  public void set69(int v) { f69 = v; }\n");
    source.append("  public void set03(int v) { f03 = v; }\n}\n");
    Path sources = temp.resolve("src/dev/ergokv/samples/wide");
    Files.createDirectories(sources);
    Files.writeString(sources.resolve("Wide.java"), source);
    Path classes = SampleBuild.compile(temp.resolve("src"), temp.resolve("classes"), 17);
    FolderEnhancer.Result result =
        FolderEnhancer.of(classes).withClassPath(List.of(SampleBuild.runtimeClasses())).enhance();
    assertThat(result.enhanced()).containsExactly("dev.ergokv.samples.wide.Wide");

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      EnhancedEntity wide =
          (EnhancedEntity)
              Class.forName("dev.ergokv.samples.wide.Wide", true, loader)
                  .getConstructor()
                  .newInstance();
      call(wide, "set69", 1);
      call(wide, "set03", 1);
      BitSet expected = new BitSet();
      expected.set(3);
      expected.set(69);
      assertThat(wide.ergokv$dirtySlots()).isEqualTo(expected);
      assertThat(wide.ergokv$isDirty(69)).isTrue();
      assertThat(wide.ergokv$isDirty(68)).isFalse();
      wide.ergokv$write(65, 12);
      assertThat(wide.ergokv$read(65)).isEqualTo(12);
    }
  }
}
