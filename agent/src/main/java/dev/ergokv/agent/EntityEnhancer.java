package dev.ergokv.agent;

import dev.ergokv.agent.internal.EnhancingClassVisitor;
import dev.ergokv.agent.internal.EntityTypes;
import dev.ergokv.agent.internal.Names;
import dev.ergokv.agent.internal.SlotLayout;
import java.util.Objects;
import java.util.function.Predicate;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.pool.TypePool;

/**
 * The one ErgoKV enhancement, as a Byte Buddy build {@link Plugin}: the Maven plugin applies it
 * through {@link FolderEnhancer} ({@code Plugin.Engine}), the agent through {@link
 * EnhancementAgent} as classes load. Both produce the same bytes.
 *
 * <p>It matches {@code @Entity} and {@code @MappedSuperclass} classes (not records, enums or
 * interfaces, which are {@linkplain Reporter reported} and left alone) and every class nested in
 * one at any depth (member, local or anonymous: with nestmates such classes write the entity's
 * private fields directly). Everything else is ignored, as is every class that already carries the
 * current {@code @Enhanced} stamp, so applying the plugin twice changes nothing. A class stamped
 * with another format is matched and fails with an error saying to rebuild it: re-weaving generated
 * code is never attempted.
 *
 * <p>The transformation is a single ASM pass ({@link EnhancingClassVisitor}) and works on the
 * decorating type strategy ({@code TypeStrategy.Default.DECORATE}): it adds members and rewrites
 * field writes but never replaces a method. See {@code docs/enhancement.md} for what the generated
 * code does.
 */
public final class EntityEnhancer implements Plugin {

  /** Receives what the enhancer has to say about a class besides transforming it. */
  @FunctionalInterface
  public interface Reporter {

    /** A reporter that discards everything. */
    Reporter SILENT = (typeName, message) -> {};

    /**
     * Called for an annotated class that is not enhanced (e.g. a record), and for each field the
     * runtime will compare at flush instead of trusting its dirty bit.
     */
    void report(String typeName, String message);
  }

  private final Reporter reporter;
  private final Predicate<String> enhancedAlongside;

  /** An enhancer that reports nothing (the constructor Byte Buddy's own build tools use). */
  public EntityEnhancer() {
    this(Reporter.SILENT);
  }

  /** An enhancer that tells {@code reporter} about classes it skips and fields it cannot track. */
  public EntityEnhancer(Reporter reporter) {
    this(reporter, typeName -> true);
  }

  /**
   * @param enhancedAlongside whether a class without a stamp will be enhanced by the same run
   *     (for a build: whether it is in the folder being enhanced). An entity whose mapped
   *     superclass is neither stamped nor enhanced alongside fails: its generated code calls
   *     members that superclass would never get.
   */
  EntityEnhancer(Reporter reporter, Predicate<String> enhancedAlongside) {
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.enhancedAlongside = Objects.requireNonNull(enhancedAlongside, "enhancedAlongside");
  }

  @Override
  public boolean matches(TypeDescription type) {
    boolean annotated = EntityTypes.isEntity(type) || EntityTypes.isMappedSuperclass(type);
    if (annotated) {
      String unsupported = EntityTypes.unsupportedShape(type);
      if (unsupported != null) {
        reporter.report(type.getName(), unsupported);
        return false;
      }
    } else if (type.isInterface()
        || type.isRecord()
        || EntityTypes.slottedEnclosingType(type) == null) {
      return false;
    }
    Integer format = EntityTypes.stampFormat(type);
    // Another format is matched so that apply() can fail with a message.
    return format == null || format != Names.FORMAT;
  }

  @Override
  public DynamicType.Builder<?> apply(
      DynamicType.Builder<?> builder, TypeDescription type, ClassFileLocator classFileLocator) {
    Integer format = EntityTypes.stampFormat(type);
    if (format != null) {
      throw new IllegalStateException(
          type.getName()
              + " was already enhanced with enhancement format "
              + format
              + " (this enhancer writes format "
              + Names.FORMAT
              + "): recompile it (a clean build) so that it is enhanced once, by one version");
    }
    if (EntityTypes.isSlotted(type)) {
      checkAncestors(type);
    }
    SlotLayout layout = EntityTypes.isSlotted(type) ? SlotLayout.of(type) : null;
    if (layout != null) {
      for (String fallback : layout.fallbacks) {
        reporter.report(type.getName(), fallback);
      }
    }
    return builder.visit(new Weaving(layout));
  }

  private void checkAncestors(TypeDescription type) {
    for (TypeDescription ancestor : EntityTypes.enhancedAncestors(type)) {
      Integer format = EntityTypes.stampFormat(ancestor);
      if (format == null && !enhancedAlongside.test(ancestor.getName())) {
        throw new IllegalStateException(
            type.getName()
                + " extends "
                + ancestor.getName()
                + ", which is not enhanced and not among the classes being enhanced: enhance the"
                + " module that contains it too (ergokv-maven-plugin), or run with the ergokv"
                + " agent");
      }
      if (format != null && format != Names.FORMAT) {
        throw new IllegalStateException(
            type.getName()
                + " extends "
                + ancestor.getName()
                + ", which was enhanced with enhancement format "
                + format
                + " (this enhancer writes format "
                + Names.FORMAT
                + "): rebuild that module with the same ErgoKV version");
      }
    }
  }

  @Override
  public void close() {
    // Holds no resources.
  }

  /** Hands the class to {@link EnhancingClassVisitor} with the type pool Byte Buddy resolved. */
  private static final class Weaving extends AsmVisitorWrapper.AbstractBase {

    private final SlotLayout layout;

    Weaving(SlotLayout layout) {
      this.layout = layout;
    }

    @Override
    public ClassVisitor wrap(
        TypeDescription instrumentedType,
        ClassVisitor classVisitor,
        Implementation.Context implementationContext,
        TypePool typePool,
        FieldList<FieldDescription.InDefinedShape> fields,
        MethodList<?> methods,
        int writerFlags,
        int readerFlags) {
      return new EnhancingClassVisitor(classVisitor, layout, typePool);
    }
  }
}
