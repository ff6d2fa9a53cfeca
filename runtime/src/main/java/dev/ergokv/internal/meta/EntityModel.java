package dev.ergokv.internal.meta;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything ErgoKV knows about one {@code @Entity} class: model name, schema version, key field,
 * persistent fields, indexes and how to reach its instances. Built once per class and cached; get
 * one with {@link EntityModels#of(Class)}. Immutable and thread-safe.
 *
 * <h2>Canonical field order</h2>
 *
 * <p>The persistent fields, and so the slots, are numbered in one documented order that the
 * bytecode enhancer reproduces from class files without loading them:
 *
 * <ol>
 *   <li>For a class: the classes of its hierarchy from the topmost {@code @MappedSuperclass} down
 *       to the entity class itself; within each class, its fields that are not {@code static},
 *       not {@code transient}, not annotated {@code @Transient} and not synthetic, sorted by name
 *       ({@link String#compareTo}). Superclasses that are not {@code @MappedSuperclass} contribute
 *       nothing (and may not declare persistent fields at all; that is a mapping error).
 *   <li>For a record: its components in declaration order.
 * </ol>
 *
 * <p>A field's slot is its 0-based position in that list. Nested value classes and records follow
 * the same rule ({@link StructModel}).
 *
 * @param <T> the entity class
 */
public final class EntityModel<T> {

  private final StructModel<T> struct;
  private final String name;
  private final int version;
  private final FieldModel key;
  private final List<IndexModel> indexes;
  private final List<IndexModel> uniqueIndexes;
  private final List<IndexModel> nonUniqueIndexes;
  private final Map<String, IndexModel> indexesByName;
  private final Class<?> migrateFrom;

  EntityModel(
      StructModel<T> struct,
      String name,
      int version,
      FieldModel key,
      List<IndexModel> indexes,
      Class<?> migrateFrom) {
    this.struct = struct;
    this.name = name;
    this.version = version;
    this.key = key;
    this.indexes = List.copyOf(indexes);
    this.uniqueIndexes = indexes.stream().filter(IndexModel::isUnique).toList();
    this.nonUniqueIndexes = indexes.stream().filter(i -> !i.isUnique()).toList();
    this.indexesByName =
        Map.copyOf(
            indexes.stream()
                .collect(java.util.stream.Collectors.toMap(IndexModel::name, i -> i)));
    this.migrateFrom = migrateFrom;
  }

  /** The entity class. */
  public Class<T> type() {
    return struct.type();
  }

  /** The stable model name stored in every key of this entity. */
  public String name() {
    return name;
  }

  /** The schema version written in the header of every stored value ({@code @Entity.version}). */
  public int version() {
    return version;
  }

  /** Whether the entity is a record: immutable, created whole by its canonical constructor. */
  public boolean isRecord() {
    return struct.isRecord();
  }

  /** The {@code @Key} field; its type is indexable and never {@code Optional}. */
  public FieldModel key() {
    return key;
  }

  /** The persistent fields in canonical order (see the class comment); index = slot. */
  public List<FieldModel> fields() {
    return struct.fields();
  }

  /** The persistent field with this name, or null. */
  public FieldModel field(String name) {
    return struct.field(name);
  }

  /** All indexes, unique and non-unique, in canonical field order; index = {@link IndexModel#position()}. */
  public List<IndexModel> indexes() {
    return indexes;
  }

  /** The {@code @Unique} indexes, in canonical field order. */
  public List<IndexModel> uniqueIndexes() {
    return uniqueIndexes;
  }

  /** The non-unique {@code @Index} indexes, in canonical field order. */
  public List<IndexModel> nonUniqueIndexes() {
    return nonUniqueIndexes;
  }

  /** The index with this name, or null. */
  public IndexModel index(String name) {
    return indexesByName.get(name);
  }

  /** The shape of the entity as a struct (shared with the value codec). */
  public StructModel<T> struct() {
    return struct;
  }

  /** Field access, instance creation and change tracking for this entity class. */
  public EntityAccess<T> access() {
    return struct.access();
  }

  /** The class of the previous schema version ({@code @MigrateFrom}), if declared. */
  public Optional<Class<?>> migrateFrom() {
    return Optional.ofNullable(migrateFrom);
  }

  /** The key value of {@code entity} (boxed), possibly null for a boxed key type. */
  public Object keyOf(T entity) {
    return struct.access().get(entity, key.slot());
  }

  /**
   * The value {@code entity} holds for {@code index}, or null when the entity has no entry in it
   * (null field, empty Optional).
   */
  public Object indexedValue(T entity, IndexModel index) {
    return index.indexedValue(struct.access().get(entity, index.field().slot()));
  }

  @Override
  public String toString() {
    return "EntityModel[" + name + " v" + version + " = " + type().getName() + "]";
  }
}
