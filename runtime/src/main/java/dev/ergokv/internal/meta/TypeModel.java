package dev.ergokv.internal.meta;

import java.util.Objects;
import java.util.Optional;

/**
 * What ErgoKV knows about the declared type of one persistent field: its {@link Kind}, the Java
 * class, and the models of its parts (element, map key and value, nested value class).
 *
 * <p>Instances exist only for supported types; building a model for anything else is a mapping
 * problem reported by the model builder. The key encoding ({@code internal.keys}) and the value
 * codec ({@code internal.codec}) are derived from this model, one codec per kind.
 */
public final class TypeModel {

  /** Every supported shape of a field type. */
  public enum Kind {
    BOOLEAN,
    BYTE,
    SHORT,
    CHAR,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    /** {@code byte[]}. */
    BYTES,
    UUID,
    ENUM,
    BIG_INTEGER,
    BIG_DECIMAL,
    INSTANT,
    LOCAL_DATE,
    LOCAL_TIME,
    LOCAL_DATE_TIME,
    OFFSET_DATE_TIME,
    ZONED_DATE_TIME,
    DURATION,
    /** {@code java.time.Period}: stored, never indexed (it has no total order). */
    PERIOD,
    YEAR,
    YEAR_MONTH,
    /** {@code Optional<E>}: stored as E or null. */
    OPTIONAL,
    /** {@code List<E>}. */
    LIST,
    /** {@code Set<E>}. */
    SET,
    /** {@code Map<K, V>} with a scalar key. */
    MAP,
    /** A nested value class or record, stored as a document of its own fields. */
    STRUCT;

    /** Whether values of this kind are single values (as opposed to containers or structs). */
    public boolean isScalar() {
      return ordinal() <= YEAR_MONTH.ordinal();
    }
  }

  private final Kind kind;
  private final Class<?> rawType;
  private final boolean primitive;
  private final TypeModel element;
  private final TypeModel mapKey;
  private final StructModel<?> struct;
  private final boolean indexable;
  private final boolean immutable;

  private TypeModel(
      Kind kind, Class<?> rawType, TypeModel element, TypeModel mapKey, StructModel<?> struct) {
    this.kind = Objects.requireNonNull(kind);
    this.rawType = Objects.requireNonNull(rawType);
    this.primitive = rawType.isPrimitive();
    this.element = element;
    this.mapKey = mapKey;
    this.struct = struct;
    this.indexable = computeIndexable();
    this.immutable = computeImmutable();
  }

  static TypeModel scalar(Kind kind, Class<?> rawType) {
    if (!kind.isScalar()) {
      throw new IllegalArgumentException(kind + " is not scalar");
    }
    return new TypeModel(kind, rawType, null, null, null);
  }

  static TypeModel optional(TypeModel element) {
    return new TypeModel(Kind.OPTIONAL, Optional.class, element, null, null);
  }

  static TypeModel list(Class<?> rawType, TypeModel element) {
    return new TypeModel(Kind.LIST, rawType, element, null, null);
  }

  static TypeModel set(Class<?> rawType, TypeModel element) {
    return new TypeModel(Kind.SET, rawType, element, null, null);
  }

  static TypeModel map(Class<?> rawType, TypeModel key, TypeModel value) {
    return new TypeModel(Kind.MAP, rawType, value, key, null);
  }

  static TypeModel struct(StructModel<?> struct) {
    return new TypeModel(Kind.STRUCT, struct.type(), null, null, struct);
  }

  /** The kind of this type. */
  public Kind kind() {
    return kind;
  }

  /** The declared class: {@code int.class}, {@code Integer.class}, {@code List.class}, the enum... */
  public Class<?> rawType() {
    return rawType;
  }

  /** Whether the declared type is a Java primitive: the value is never null. */
  public boolean isPrimitive() {
    return primitive;
  }

  /**
   * The element type of an {@code Optional}, {@code List} or {@code Set}, or the value type of a
   * {@code Map}.
   *
   * @throws IllegalStateException for other kinds
   */
  public TypeModel element() {
    if (element == null) {
      throw new IllegalStateException(describe() + " has no element type");
    }
    return element;
  }

  /**
   * The key type of a {@code Map}.
   *
   * @throws IllegalStateException for other kinds
   */
  public TypeModel mapKey() {
    if (mapKey == null) {
      throw new IllegalStateException(describe() + " has no key type");
    }
    return mapKey;
  }

  /**
   * The model of a nested value class or record.
   *
   * @throws IllegalStateException for other kinds
   */
  public StructModel<?> struct() {
    if (struct == null) {
      throw new IllegalStateException(describe() + " is not a nested value type");
    }
    return struct;
  }

  /**
   * Whether values of this type have an order-preserving key encoding, so they can be a key or an
   * indexed value: every scalar except {@code Period}, and records whose components all are.
   * Containers and {@code Optional} are not (an index over an {@code Optional} field indexes its
   * element type; see {@link IndexModel#valueType()}).
   */
  public boolean isIndexable() {
    return indexable;
  }

  /**
   * Whether a value of this type can never change after it is stored in a field. Fields of mutable
   * types (arrays, collections, value classes) can change without a field write, so change
   * detection must compare their content even when an enhanced class tracks field writes.
   */
  public boolean isImmutable() {
    return immutable;
  }

  /**
   * The value a field of this type holds when nothing was stored for it in a record: zero or
   * {@code false} for primitives, {@code Optional.empty()} for {@code Optional}, otherwise null.
   */
  public Object absentValue() {
    if (kind == Kind.OPTIONAL) {
      return Optional.empty();
    }
    if (!primitive) {
      return null;
    }
    switch (kind) {
      case BOOLEAN:
        return Boolean.FALSE;
      case BYTE:
        return (byte) 0;
      case SHORT:
        return (short) 0;
      case CHAR:
        return (char) 0;
      case INT:
        return 0;
      case LONG:
        return 0L;
      case FLOAT:
        return 0f;
      case DOUBLE:
        return 0d;
      default:
        throw new IllegalStateException("primitive of kind " + kind);
    }
  }

  /** A readable rendering of the declared type, e.g. {@code Map<String, List<Integer>>}. */
  public String describe() {
    switch (kind) {
      case OPTIONAL:
        return "Optional<" + element.describe() + ">";
      case LIST:
        return "List<" + element.describe() + ">";
      case SET:
        return "Set<" + element.describe() + ">";
      case MAP:
        return "Map<" + mapKey.describe() + ", " + element.describe() + ">";
      default:
        return rawType.isPrimitive() || rawType.getName().startsWith("java.")
            ? rawType.getSimpleName()
            : rawType.getName();
    }
  }

  @Override
  public String toString() {
    return describe();
  }

  private boolean computeIndexable() {
    if (kind.isScalar()) {
      return kind != Kind.PERIOD;
    }
    if (kind == Kind.STRUCT) {
      return struct.isRecord() && struct.fields().stream().allMatch(f -> f.type().isIndexable());
    }
    return false;
  }

  private boolean computeImmutable() {
    switch (kind) {
      case BYTES:
      case LIST:
      case SET:
      case MAP:
        return false;
      case OPTIONAL:
        return element.isImmutable();
      case STRUCT:
        return struct.isRecord() && struct.fields().stream().allMatch(f -> f.type().isImmutable());
      default:
        return true;
    }
  }
}
