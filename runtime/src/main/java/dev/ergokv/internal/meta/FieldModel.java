package dev.ergokv.internal.meta;

import java.lang.reflect.Field;

/**
 * One persistent field of an entity or nested value type (for records: one component).
 *
 * <p>The {@link #slot()} is the field's position in its owner's canonical field order (see
 * {@link EntityModel}); {@link EntityAccess} reads and writes fields by slot.
 */
public final class FieldModel {

  private final String name;
  private final int slot;
  private final TypeModel type;
  private final Field field;
  private final boolean key;
  private IndexModel index;

  FieldModel(String name, int slot, TypeModel type, Field field, boolean key) {
    this.name = name;
    this.slot = slot;
    this.type = type;
    this.field = field;
    this.key = key;
  }

  /** The field (or record component) name; also its name in the stored document. */
  public String name() {
    return name;
  }

  /** The position of this field in its owner's canonical field order, from 0. */
  public int slot() {
    return slot;
  }

  /** The model of the field's declared type. */
  public TypeModel type() {
    return type;
  }

  /** The class that declares the field (a mapped superclass, or the entity class itself). */
  public Class<?> declaringClass() {
    return field.getDeclaringClass();
  }

  /** The reflected field (for records, the component's private field). */
  public Field field() {
    return field;
  }

  /** Whether this field is the entity's {@code @Key}. */
  public boolean isKey() {
    return key;
  }

  /** The index declared on this field, or null. */
  public IndexModel index() {
    return index;
  }

  void index(IndexModel index) {
    this.index = index;
  }

  /** The field's name qualified by its declaring class, as used in messages. */
  public String qualifiedName() {
    return declaringClass().getName() + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName() + " (" + type.describe() + ", slot " + slot + ")";
  }
}
