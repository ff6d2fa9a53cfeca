package dev.ergokv.agent.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationSource;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The mapping rules the enhancer needs, read from class files through Byte Buddy type
 * descriptions: which classes are enhanced, their persistent fields in canonical order, and their
 * stamps. They mirror the runtime's reflective rules; the runtime checks the result against its own
 * ({@code EnhancedClass.fieldNames()}).
 */
public final class EntityTypes {

  private EntityTypes() {}

  /** Whether {@code type} is annotated {@code @Entity}. */
  public static boolean isEntity(TypeDescription type) {
    return annotation(type, Names.ENTITY) != null;
  }

  /** Whether {@code type} is annotated {@code @MappedSuperclass}. */
  public static boolean isMappedSuperclass(TypeDescription type) {
    return annotation(type, Names.MAPPED_SUPERCLASS) != null;
  }

  /**
   * Whether {@code type} gets slots: an {@code @Entity} or {@code @MappedSuperclass} that is a
   * plain class (not a record, enum, interface or annotation).
   */
  public static boolean isSlotted(TypeDescription type) {
    return (isEntity(type) || isMappedSuperclass(type)) && unsupportedShape(type) == null;
  }

  /**
   * Why an annotated {@code type} cannot be enhanced, or null when it can. The reasons are shapes
   * the runtime handles without enhancement (records) or rejects itself.
   */
  public static String unsupportedShape(TypeDescription type) {
    if (type.isAnnotation()) {
      return "annotation type: not enhanced";
    }
    if (type.isInterface()) {
      return "interface: not enhanced";
    }
    if (type.isEnum()) {
      return "enum: not enhanced";
    }
    if (type.isRecord()) {
      return "record: not enhanced, works through the un-enhanced path";
    }
    return null;
  }

  /**
   * The enhanced superclasses of {@code type}, topmost first: every {@code @MappedSuperclass} up
   * the chain. Other superclasses contribute no slots (the runtime rejects persistent fields in
   * them) and are skipped, as the canonical order skips them; generated code still reaches the
   * mapped superclasses above them, since the JVM resolves inherited methods.
   */
  public static List<TypeDescription> enhancedAncestors(TypeDescription type) {
    List<TypeDescription> ancestors = new ArrayList<>();
    for (TypeDescription.Generic superClass = type.getSuperClass();
        superClass != null;
        superClass = superClass.asErasure().getSuperClass()) {
      TypeDescription erasure = superClass.asErasure();
      if (isMappedSuperclass(erasure) && unsupportedShape(erasure) == null) {
        ancestors.add(erasure);
      }
    }
    Collections.reverse(ancestors);
    return ancestors;
  }

  /**
   * The persistent fields {@code type} declares, in canonical order: not static, not synthetic,
   * neither {@code transient} nor {@code @Transient}, sorted by name.
   */
  public static List<FieldDescription.InDefinedShape> persistentFields(TypeDescription type) {
    List<FieldDescription.InDefinedShape> fields = new ArrayList<>();
    for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
      if (isPersistent(field)) {
        fields.add(field);
      }
    }
    fields.sort(Comparator.comparing(FieldDescription.InDefinedShape::getName));
    return fields;
  }

  /** Whether {@code field}, declared by a slotted class, is persistent. */
  public static boolean isPersistent(FieldDescription.InDefinedShape field) {
    return !field.isStatic()
        && !field.isSynthetic()
        && !field.isTransient()
        && annotation(field, Names.TRANSIENT) == null;
  }

  /**
   * The enhancement format {@code type} is stamped with, or null when it carries no {@code
   * @Enhanced} stamp.
   */
  public static Integer stampFormat(TypeDescription type) {
    AnnotationDescription stamp = annotation(type, Names.ENHANCED);
    if (stamp == null) {
      return null;
    }
    return stamp.getValue("format").resolve(Integer.class);
  }

  /**
   * The nearest class enclosing {@code type} (as member, local or anonymous class, at any depth)
   * that is slotted, or null. Such classes may write the entity's private fields directly.
   */
  public static TypeDescription slottedEnclosingType(TypeDescription type) {
    for (TypeDescription outer = outer(type); outer != null; outer = outer(outer)) {
      if (isSlotted(outer)) {
        return outer;
      }
    }
    return null;
  }

  private static TypeDescription outer(TypeDescription type) {
    TypeDescription declaring = type.getDeclaringType();
    return declaring != null ? declaring : type.getEnclosingType();
  }

  private static AnnotationDescription annotation(AnnotationSource source, String typeName) {
    for (AnnotationDescription annotation : source.getDeclaredAnnotations()) {
      if (annotation.getAnnotationType().getName().equals(typeName)) {
        return annotation;
      }
    }
    return null;
  }
}
