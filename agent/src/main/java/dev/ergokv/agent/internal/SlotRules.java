package dev.ergokv.agent.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.RecordComponentDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * How each persistent field is tracked ({@code dev.ergokv.enhance.SlotTracking}) and how a write
 * decides whether the value changed. Decided from the declared (generic) type only.
 */
public final class SlotRules {

  private SlotRules() {}

  /** Immutable value types whose {@code equals} is a faithful, cheap change test. */
  private static final Set<String> VALUE_TYPES =
      Set.of(
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Character",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.String",
          "java.util.UUID",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset");

  /** Collection and map interfaces the runtime can wrap, by erasure name. */
  private static final Map<String, String> WRAPPED_KINDS =
      Map.of(
          "java.util.Collection", "COLLECTION",
          "java.util.List", "LIST",
          "java.util.Set", "SET",
          "java.util.SortedSet", "SORTED_SET",
          "java.util.NavigableSet", "NAVIGABLE_SET",
          "java.util.Map", "MAP",
          "java.util.SortedMap", "SORTED_MAP",
          "java.util.NavigableMap", "NAVIGABLE_MAP");

  /** Records nested deeper than this are treated as mutable rather than explored further. */
  private static final int MAX_DEPTH = 8;

  /** A slot's tracking and, when it is not exact, why. */
  public static final class Decision {
    public final String tracking;
    public final String reason;

    Decision(String tracking, String reason) {
      this.tracking = tracking;
      this.reason = reason;
    }
  }

  /** The {@code SlotTracking} constant name for {@code field}, with the reason for a fallback. */
  public static Decision tracking(FieldDescription.InDefinedShape field) {
    TypeDescription.Generic type = field.getType();
    if (!field.isPrivate() && !field.isFinal()) {
      return new Decision(
          "COMPARE_AT_FLUSH", "not private, so classes outside the entity may assign it");
    }
    try {
      return trackingOfType(type);
    } catch (RuntimeException unresolvable) {
      // A type missing from the class path cannot be inspected; comparing at flush is always safe.
      return new Decision(
          "COMPARE_AT_FLUSH",
          "its type could not be inspected (" + unresolvable.getMessage() + ")");
    }
  }

  private static Decision trackingOfType(TypeDescription.Generic type) {
    if (isValue(type, 0)) {
      return new Decision("VALUE", null);
    }
    String wrapped = wrappedKind(type);
    if (wrapped != null) {
      return new Decision(wrapped, null);
    }
    return new Decision(
        "COMPARE_AT_FLUSH",
        readableName(type) + " can change without an assignment the enhancer sees");
  }

  /** The type as source code spells it: {@code byte[]}, {@code List<String>}. */
  static String readableName(TypeDescription.Generic type) {
    return type.getSort() == TypeDefinition.Sort.NON_GENERIC
        ? type.asErasure().getActualName()
        : type.getTypeName();
  }

  /**
   * Whether a write compares old and new value with {@code equals} (immutable values) rather than
   * by identity. Primitives compare by value either way.
   */
  public static boolean comparesByEquals(FieldDescription.InDefinedShape field) {
    try {
      return !field.getType().isPrimitive() && isValue(field.getType(), 0);
    } catch (RuntimeException unresolvable) {
      // Identity is the safe test for a type that cannot be inspected: it never misses a change.
      return false;
    }
  }

  private static String wrappedKind(TypeDescription.Generic type) {
    if (type.getSort() != TypeDefinition.Sort.PARAMETERIZED) {
      return null;
    }
    String kind = WRAPPED_KINDS.get(type.asErasure().getName());
    if (kind == null) {
      return null;
    }
    for (TypeDescription.Generic argument : type.getTypeArguments()) {
      if (!isValue(argument, 0)) {
        return null;
      }
    }
    return kind;
  }

  private static boolean isValue(TypeDescription.Generic type, int depth) {
    if (type.isPrimitive()) {
      return true;
    }
    TypeDefinition.Sort sort = type.getSort();
    if (sort != TypeDefinition.Sort.NON_GENERIC && sort != TypeDefinition.Sort.PARAMETERIZED) {
      // Type variables, wildcards and generic arrays: nothing is known about the value.
      return false;
    }
    TypeDescription erasure = type.asErasure();
    if (erasure.isArray()) {
      return false;
    }
    String name = erasure.getName();
    if (VALUE_TYPES.contains(name)) {
      return true;
    }
    if (name.equals("java.util.Optional")) {
      List<TypeDescription.Generic> arguments =
          sort == TypeDefinition.Sort.PARAMETERIZED ? type.getTypeArguments() : List.of();
      return arguments.size() == 1 && isValue(arguments.get(0), depth + 1);
    }
    if (depth >= MAX_DEPTH) {
      return false;
    }
    if (erasure.isEnum()) {
      return true;
    }
    if (erasure.isRecord() && sort == TypeDefinition.Sort.NON_GENERIC) {
      for (RecordComponentDescription.InDefinedShape component : erasure.getRecordComponents()) {
        if (!isValue(component.getType(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
