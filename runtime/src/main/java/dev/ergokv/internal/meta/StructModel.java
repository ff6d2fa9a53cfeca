package dev.ergokv.internal.meta;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistent shape of a class or record: its fields in canonical order and the {@link
 * EntityAccess} that reads, writes and creates instances. Every entity has one ({@link
 * EntityModel#struct()}), and so does every nested value class or record used in a field.
 *
 * @param <T> the class or record
 */
public final class StructModel<T> {

  private final Class<T> type;
  private final boolean record;
  private final List<FieldModel> fields;
  private final Map<String, FieldModel> byName;
  private final EntityAccess<T> access;
  private final Object[] absentValues;

  StructModel(Class<T> type, boolean record, List<FieldModel> fields, EntityAccess<T> access) {
    this.type = type;
    this.record = record;
    this.fields = List.copyOf(fields);
    this.access = access;
    Map<String, FieldModel> names = new HashMap<>();
    Object[] absent = new Object[fields.size()];
    for (FieldModel field : fields) {
      names.put(field.name(), field);
      absent[field.slot()] = field.type().absentValue();
    }
    this.byName = Map.copyOf(names);
    this.absentValues = absent;
  }

  /** The class or record. */
  public Class<T> type() {
    return type;
  }

  /** Whether this is a record: immutable, created whole by its canonical constructor. */
  public boolean isRecord() {
    return record;
  }

  /** The persistent fields in canonical order: {@code fields().get(slot).slot() == slot}. */
  public List<FieldModel> fields() {
    return fields;
  }

  /** The persistent field with this name, or null. */
  public FieldModel field(String name) {
    return byName.get(name);
  }

  /** Field access and instance creation for this type. */
  public EntityAccess<T> access() {
    return access;
  }

  /**
   * A fresh array, by slot, of the values a record gets for components missing from a stored
   * document: zero or false for primitives, {@code Optional.empty()}, otherwise null.
   */
  public Object[] absentValues() {
    return absentValues.clone();
  }

  @Override
  public String toString() {
    return type.getName() + fields;
  }
}
