package dev.ergokv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.agent.internal.Names;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.MappedSuperclass;
import dev.ergokv.annotation.Transient;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.enhance.Tracking;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.FieldModel;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the enhancer adds, what it leaves alone, and that applying it again (or by the agent)
 * gives the same bytes.
 */
class EnhancementShapeTest {

  private static final String CUSTOMER = SampleBuild.PACKAGE + "Customer";

  static Stream<Integer> releases() {
    return SampleBuild.releases();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void enhancesEntitiesMappedSuperclassesAndTheirNestedClassesOnly(int release) {
    SampleBuild build = SampleBuild.of(release);

    assertThat(build.result.enhanced())
        .containsExactly(
            SampleBuild.PACKAGE + "Auditable",
            CUSTOMER,
            CUSTOMER + "$1",
            CUSTOMER + "$Editor",
            CUSTOMER + "$Fixer",
            SampleBuild.PACKAGE + "Note",
            SampleBuild.PACKAGE + "Stamped",
            SampleBuild.PACKAGE + "Tag");
    assertThat(build.notes)
        .contains(
            SampleBuild.PACKAGE
                + "Address: record: not enhanced, works through the un-enhanced path");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void recordsEnumsAndOtherClassesStayByteForByteAsCompiled(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    for (String name :
        List.of("Address", "Plain", "Status", "AgentCheck", "Customer$Point", "Behaviour")) {
      assertThat(build.enhancedBytes(SampleBuild.PACKAGE + name))
          .as(name)
          .isEqualTo(build.compiledBytes(SampleBuild.PACKAGE + name));
    }
    assertThat(EnhancedClass.of(build.load("Address"))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void classFilesKeepTheirVersionAndModificationTime(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    for (String name : build.result.enhanced()) {
      byte[] enhanced = build.enhancedBytes(name);
      assertThat(majorVersion(enhanced)).as(name).isEqualTo(44 + release);
      // Compared at millisecond precision: some JDKs set file times in microseconds only.
      assertThat(Files.getLastModifiedTime(SampleBuild.classFile(build.enhanced, name)).toMillis())
          .isEqualTo(Files.getLastModifiedTime(SampleBuild.classFile(build.compiled, name)).toMillis());
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void entityAndMappedSuperclassDeclareTheInterfaceAndCarryTheStamp(int release) {
    SampleBuild build = SampleBuild.of(release);
    for (String name : List.of("Customer", "Auditable", "Tag")) {
      Class<?> type = build.load(name);
      assertThat(type.getInterfaces()).as(name).contains(EnhancedEntity.class);
      assertThat(type.getDeclaredAnnotation(Enhanced.class).format()).isEqualTo(Enhanced.FORMAT);
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void nestedClassesAreStampedButGetNoSlots(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    for (String name : List.of("Customer$Editor", "Customer$Fixer", "Customer$1")) {
      Class<?> type = Class.forName(SampleBuild.PACKAGE + name, false, build.loader);
      Enhanced stamp = type.getDeclaredAnnotation(Enhanced.class);
      assertThat(stamp).as(name).isNotNull();
      assertThat(stamp.fields()).isEmpty();
      assertThat(EnhancedEntity.class.isAssignableFrom(type)).isFalse();
      assertThat(EnhancedClass.of(type)).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void stampListsSlotsInTheCanonicalOrderTheRuntimeComputesByReflection(int release) {
    SampleBuild build = SampleBuild.of(release);
    for (String name : List.of("Customer", "Auditable", "Tag", "Note", "Stamped")) {
      Class<?> type = build.load(name);
      assertThat(EnhancedClass.of(type).orElseThrow().fieldNames())
          .as(name)
          .isEqualTo(canonicalOrderByReflection(type));
    }
  }

  /** The runtime's own metadata model numbers the slots of a valid entity the same way. */
  @ParameterizedTest
  @MethodSource("releases")
  void stampAgreesWithTheRuntimesEntityModel(int release) {
    for (String name : List.of("Tag", "Note")) {
      Class<?> type = SampleBuild.of(release).load(name);
      assertThat(EnhancedClass.of(type).orElseThrow().fieldNames())
          .as(name)
          .isEqualTo(
              EntityModels.of(type).fields().stream()
                  .map(FieldModel::name)
                  .collect(Collectors.toList()));
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void eachSlotIsTrackedAsItsTypeAndVisibilityAllow(int release) {
    EnhancedClass customer = EnhancedClass.of(SampleBuild.of(release).load("Customer")).orElseThrow();
    Map<String, SlotTracking> tracking = new LinkedHashMap<>();
    for (int slot = 0; slot < customer.slotCount(); slot++) {
      tracking.put(customer.fieldNames().get(slot), customer.tracking(slot));
    }

    assertThat(tracking)
        .containsExactly(
            Map.entry("changedBy", SlotTracking.COMPARE_AT_FLUSH),
            Map.entry("revision", SlotTracking.VALUE),
            Map.entry("age", SlotTracking.VALUE),
            Map.entry("counters", SlotTracking.MAP),
            Map.entry("drafts", SlotTracking.COMPARE_AT_FLUSH),
            Map.entry("history", SlotTracking.COMPARE_AT_FLUSH),
            Map.entry("home", SlotTracking.VALUE),
            Map.entry("id", SlotTracking.VALUE),
            Map.entry("lucky", SlotTracking.NAVIGABLE_SET),
            Map.entry("name", SlotTracking.VALUE),
            Map.entry("nickname", SlotTracking.VALUE),
            Map.entry("photo", SlotTracking.COMPARE_AT_FLUSH),
            Map.entry("score", SlotTracking.VALUE),
            Map.entry("status", SlotTracking.VALUE),
            Map.entry("tags", SlotTracking.LIST));
    assertThat(customer.compareAtFlushSlots().stream().mapToObj(customer.fieldNames()::get))
        .containsExactly("changedBy", "drafts", "history", "photo");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void fieldsComparedAtFlushAreReportedWithTheReason(int release) {
    List<String> notes = SampleBuild.of(release).notes;

    assertThat(notes)
        .contains(
            SampleBuild.PACKAGE
                + "Auditable: field changedBy (java.lang.String) is compared at flush: not"
                + " private, so classes outside the entity may assign it",
            CUSTOMER
                + ": field photo (byte[]) is compared at flush: byte[] can change without an"
                + " assignment the enhancer sees");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void constructorsAreLeftExactlyAsCompiled(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    for (String name : List.of("Customer", "Auditable", "Tag")) {
      String type = SampleBuild.PACKAGE + name;
      Map<String, List<String>> compiled = code(build.compiledBytes(type), "<init>");
      assertThat(compiled).as(name).isNotEmpty();
      assertThat(code(build.enhancedBytes(type), "<init>")).as(name).isEqualTo(compiled);
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void fieldWritesBecomeSetterCallsEverywhereElse(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);

    List<String> birthday = code(build.enhancedBytes(CUSTOMER), "birthday").get("birthday()V");

    assertThat(birthday)
        .contains(
            "INVOKESTATIC dev/ergokv/samples/Customer.ergokv$set$age"
                + "(Ldev/ergokv/samples/Customer;I)V")
        .noneMatch(instruction -> instruction.startsWith("PUTFIELD"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void applyingTheEnhancementAgainChangesNoByte(int release, @TempDir Path temp)
      throws Exception {
    SampleBuild build = SampleBuild.of(release);
    Path again = SampleBuild.copy(build.enhanced, temp.resolve("again"));
    Path third = SampleBuild.copy(build.enhanced, temp.resolve("third"));

    FolderEnhancer.Result second =
        FolderEnhancer.of(again)
            .withClassPath(List.of(SampleBuild.runtimeClasses()))
            .withJavaRelease(release)
            .enhance();
    // The plugin on its own, the way any Byte Buddy build integration would run it.
    Plugin.Engine.Summary direct =
        new Plugin.Engine.Default()
            .with(Plugin.Engine.TypeStrategy.Default.DECORATE)
            .with(ClassFileLocator.ForFolder.of(SampleBuild.runtimeClasses().toFile(), ClassFileVersion.ofThisVm()))
            .apply(third.toFile(), third.toFile(), new Plugin.Factory.Simple(new EntityEnhancer()));

    assertThat(second.enhanced()).isEmpty();
    assertThat(second.failures()).isEmpty();
    assertThat(direct.getTransformed()).isEmpty();
    assertThat(direct.getFailed()).isEmpty();
    for (Path file : classFiles(build.enhanced)) {
      String relative = build.enhanced.relativize(file).toString();
      assertThat(again.resolve(relative)).as(relative).hasSameBinaryContentAs(file);
      assertThat(third.resolve(relative)).as(relative).hasSameBinaryContentAs(file);
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void theAgentProducesTheSameBytesAsTheBuild(int release) throws Exception {
    SampleBuild build = SampleBuild.of(release);
    ClassFileTransformer agent = EnhancementAgent.transformer(new EntityEnhancer());

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {build.compiled.toUri().toURL()}, getClass().getClassLoader())) {
      for (Path file : classFiles(build.compiled)) {
        String internalName = build.compiled.relativize(file).toString().replace('\\', '/');
        internalName = internalName.substring(0, internalName.length() - ".class".length());
        byte[] transformed =
            agent.transform(loader, internalName, null, null, Files.readAllBytes(file));
        byte[] expected = Files.readAllBytes(build.enhanced.resolve(internalName + ".class"));
        if (transformed == null) {
          assertThat(expected).as(internalName).isEqualTo(Files.readAllBytes(file));
        } else {
          assertThat(transformed).as(internalName).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aStampFromAnotherFormatFailsAndTheCurrentStampIsSkipped(@TempDir Path temp)
      throws Exception {
    Path classes = SampleBuild.compile(SampleBuild.STALE_SAMPLES, temp.resolve("classes"), 17);
    byte[] current = Files.readAllBytes(classes.resolve("dev/ergokv/samples/stale/Current.class"));

    FolderEnhancer.Result result =
        FolderEnhancer.of(classes).withClassPath(List.of(SampleBuild.runtimeClasses())).enhance();

    assertThat(result.enhanced()).isEmpty();
    assertThat(result.failures())
        .containsOnlyKeys("dev.ergokv.samples.stale.Stale")
        .hasEntrySatisfying(
            "dev.ergokv.samples.stale.Stale",
            message ->
                assertThat(message)
                    .contains("already enhanced with enhancement format 0")
                    .contains("clean build"));
    assertThat(classes.resolve("dev/ergokv/samples/stale/Current.class")).hasBinaryContent(current);
  }

  @Test
  void aMappedSuperclassFromAnotherModuleMustBeEnhancedThereFirst(@TempDir Path temp)
      throws Exception {
    Path classes = SampleBuild.copy(SampleBuild.of(17).compiled, temp.resolve("classes"));
    Path dependency = temp.resolve("dependency/dev/ergokv/samples");
    Files.createDirectories(dependency);
    Files.move(
        classes.resolve("dev/ergokv/samples/Auditable.class"),
        dependency.resolve("Auditable.class"));
    List<Path> classPath = List.of(SampleBuild.runtimeClasses(), temp.resolve("dependency"));

    FolderEnhancer.Result withPlainSuperclass =
        FolderEnhancer.of(classes).withClassPath(classPath).enhance();
    FolderEnhancer.of(temp.resolve("dependency"))
        .withClassPath(List.of(SampleBuild.runtimeClasses()))
        .enhance();
    FolderEnhancer.Result withEnhancedSuperclass =
        FolderEnhancer.of(classes).withClassPath(classPath).enhance();

    assertThat(withPlainSuperclass.failures())
        .hasEntrySatisfying(
            CUSTOMER,
            message ->
                assertThat(message)
                    .contains("extends dev.ergokv.samples.Auditable, which is not enhanced")
                    .contains("enhance the module that contains it too"));
    assertThat(withPlainSuperclass.enhanced()).doesNotContain(CUSTOMER);
    assertThat(withEnhancedSuperclass.failures()).isEmpty();
    assertThat(withEnhancedSuperclass.enhanced()).contains(CUSTOMER);
  }

  @Test
  void onlyClassesChangedSinceTheGivenInstantAreExamined(@TempDir Path temp) throws Exception {
    Path classes = SampleBuild.copy(SampleBuild.of(17).compiled, temp.resolve("classes"));

    FolderEnhancer.Result none =
        FolderEnhancer.of(classes)
            .withClassPath(List.of(SampleBuild.runtimeClasses()))
            .onlyChangedSince(Instant.now().plusSeconds(3600))
            .enhance();

    assertThat(none.examined()).isZero();
    assertThat(none.enhanced()).isEmpty();
    assertThat(classes.resolve("dev/ergokv/samples/Customer.class"))
        .hasSameBinaryContentAs(
            SampleBuild.classFile(SampleBuild.of(17).compiled, CUSTOMER));
  }

  @Test
  void runtimeNamesSpelledOutByTheEnhancerMatchTheRuntime() {
    assertThat(Names.ENTITY).isEqualTo(Entity.class.getName());
    assertThat(Names.MAPPED_SUPERCLASS).isEqualTo(MappedSuperclass.class.getName());
    assertThat(Names.TRANSIENT).isEqualTo(Transient.class.getName());
    assertThat(Names.ENHANCED).isEqualTo(Enhanced.class.getName());
    assertThat(Names.ENHANCED_DESCRIPTOR).isEqualTo(net.bytebuddy.jar.asm.Type.getDescriptor(Enhanced.class));
    assertThat(Names.ENHANCED_ENTITY).isEqualTo(net.bytebuddy.jar.asm.Type.getInternalName(EnhancedEntity.class));
    assertThat(Names.SLOT_TRACKING_DESCRIPTOR)
        .isEqualTo(net.bytebuddy.jar.asm.Type.getDescriptor(SlotTracking.class));
    assertThat(Names.TRACKING).isEqualTo(net.bytebuddy.jar.asm.Type.getInternalName(Tracking.class));
    assertThat(Names.FORMAT).isEqualTo(Enhanced.FORMAT);
    for (String method :
        List.of(
            Names.READ,
            Names.WRITE,
            Names.MARK_DIRTY,
            Names.IS_DIRTY,
            Names.HAS_DIRTY,
            Names.DIRTY_SLOTS,
            Names.CLEAR_DIRTY)) {
      assertThat(Arrays.stream(EnhancedEntity.class.getMethods()).map(m -> m.getName()))
          .contains(method);
    }
  }

  /** The canonical order as the runtime documents it, computed by reflection. */
  private static List<String> canonicalOrderByReflection(Class<?> type) {
    Deque<Class<?>> hierarchy = new ArrayDeque<>();
    hierarchy.push(type);
    for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(MappedSuperclass.class)) {
        hierarchy.push(c);
      }
    }
    List<String> names = new ArrayList<>();
    for (Class<?> c : hierarchy) {
      Arrays.stream(c.getDeclaredFields())
          .filter(f -> !Modifier.isStatic(f.getModifiers()))
          .filter(f -> !Modifier.isTransient(f.getModifiers()))
          .filter(f -> !f.isSynthetic())
          .filter(f -> !f.isAnnotationPresent(Transient.class))
          .map(Field::getName)
          .sorted()
          .forEach(names::add);
    }
    return names;
  }

  private static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
  }

  private static List<Path> classFiles(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".class"))
          .sorted(Comparator.naturalOrder())
          .collect(Collectors.toList());
    }
  }

  /** The instructions of the methods named {@code name}, by name and descriptor, as text. */
  private static Map<String, List<String>> code(byte[] classFile, String name) {
    Map<String, List<String>> methods = new LinkedHashMap<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(OpenedClassReader.ASM_API) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String method, String descriptor, String signature, String[] e) {
                if (!method.equals(name)) {
                  return null;
                }
                List<String> code = new ArrayList<>();
                methods.put(method + descriptor, code);
                return new InstructionRecorder(code);
              }
            },
            ClassReader.SKIP_FRAMES);
    return methods;
  }

  /** Records instructions symbolically (constant pool indexes differ between class files). */
  private static final class InstructionRecorder extends MethodVisitor {
    private final List<String> code;
    private final Map<Label, Integer> labels = new LinkedHashMap<>();

    InstructionRecorder(List<String> code) {
      super(OpenedClassReader.ASM_API);
      this.code = code;
    }

    private String label(Label label) {
      return "L" + labels.computeIfAbsent(label, l -> labels.size());
    }

    @Override
    public void visitInsn(int opcode) {
      code.add("OP " + opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      code.add("OP " + opcode + " " + operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      code.add("VAR " + opcode + " " + varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      code.add("TYPE " + opcode + " " + type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      String kind = opcode == net.bytebuddy.jar.asm.Opcodes.PUTFIELD ? "PUTFIELD" : "FIELD " + opcode;
      code.add(kind + " " + owner + "." + name + descriptor);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      String kind =
          opcode == net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC ? "INVOKESTATIC" : "INVOKE " + opcode;
      code.add(kind + " " + owner + "." + name + descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      code.add("INDY " + name + descriptor + " " + Arrays.toString(arguments));
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      code.add("JUMP " + opcode + " " + label(label));
    }

    @Override
    public void visitLabel(Label label) {
      code.add(label(label) + ":");
    }

    @Override
    public void visitLdcInsn(Object value) {
      code.add("LDC " + value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      code.add("IINC " + varIndex + " " + increment);
    }
  }
}
