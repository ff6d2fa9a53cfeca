package dev.ergokv.internal.meta;

/**
 * A unique ({@code @Unique}) or non-unique ({@code @Index}) index over one field of an entity.
 *
 * <p>Null values are not indexed: an entity whose field is null (or an empty {@code Optional})
 * has no entry in the index. An index over an {@code Optional<E>} field indexes the present
 * element values, so its {@link #valueType()} is {@code E}.
 */
public final class IndexModel {

  private final String name;
  private final boolean unique;
  private final FieldModel field;
  private final int position;

  IndexModel(String name, boolean unique, FieldModel field, int position) {
    this.name = name;
    this.unique = unique;
    this.field = field;
    this.position = position;
  }

  /** The stable index name stored in keys: the annotation's value, or the field name. */
  public String name() {
    return name;
  }

  /** Whether no two entities may share a value ({@code @Unique}). */
  public boolean isUnique() {
    return unique;
  }

  /** The indexed field. */
  public FieldModel field() {
    return field;
  }

  /** The position of this index in {@link EntityModel#indexes()}, from 0. */
  public int position() {
    return position;
  }

  /** The type of the indexed values: the field's type, or the element type of an Optional. */
  public TypeModel valueType() {
    TypeModel type = field.type();
    return type.kind() == TypeModel.Kind.OPTIONAL ? type.element() : type;
  }

  /**
   * The indexed value for a field value: the value itself, the content of a present Optional, or
   * null when the entity has no entry in this index.
   */
  public Object indexedValue(Object fieldValue) {
    if (fieldValue instanceof java.util.Optional) {
      return ((java.util.Optional<?>) fieldValue).orElse(null);
    }
    return fieldValue;
  }

  @Override
  public String toString() {
    return (unique ? "@Unique " : "@Index ") + name + " on " + field.qualifiedName();
  }
}
