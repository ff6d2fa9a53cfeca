package dev.ergokv.internal.session;

import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityAccess;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.migrate.StoredVersions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything a session needs about one entity class in one keyspace: model, keys, codec, access,
 * and the facts that decide how changes are found. Made once per class per {@link Store}.
 *
 * @param <T> the entity class
 */
public final class ModelContext<T> {

  final EntityModel<T> model;
  final ModelKeys<T> keys;
  final EntityCodec<T> codec;
  /** Reads values of older schema versions (the {@code @MigrateFrom} chain). */
  final StoredVersions<T> versions;
  final EntityAccess<T> access;
  /** Instances record their own field writes (enhanced classes). */
  final boolean tracksWrites;
  /**
   * Some field can change without a recorded write (collections, arrays, value classes; an
   * enhanced access says which), so a clean dirty set does not prove an instance unchanged: its
   * content must be compared. For un-enhanced classes, which record nothing, it only tells whether
   * a record can change (through a mutable component).
   */
  final boolean hasMutableFields;
  /**
   * For classes that track writes and have fields that can change without a recorded write: how
   * a clean instance is checked for changes to those fields; null otherwise.
   */
  final ComparedFields<T> comparedFields;
  /**
   * Instances record every change themselves (enhanced, nothing compared at flush), so a
   * read-write transaction listens to them instead of checking each at every flush.
   */
  final boolean reportsChanges;

  ModelContext(EntityModel<T> model, KeySpace keySpace) {
    this.model = model;
    this.keys = keySpace.keys(model);
    this.codec = EntityCodec.of(model);
    this.versions = new StoredVersions<>(model, keySpace, keys);
    this.access = model.access();
    this.tracksWrites = access.tracksWrites();
    this.hasMutableFields =
        tracksWrites
            ? model.fields().stream().anyMatch(access::comparesAtFlush)
            : model.fields().stream().anyMatch(f -> !f.type().isImmutable());
    this.comparedFields = ComparedFields.of(model, codec);
    this.reportsChanges = tracksWrites && comparedFields == null;
  }

  /** The entity model. */
  public EntityModel<T> model() {
    return model;
  }

  /** The entity class. */
  public Class<T> type() {
    return model.type();
  }

  /** The entity stored in {@code value}, converted when an older schema version stored it. */
  T decode(byte[] key, byte[] value) {
    return versions.decode(key, value);
  }

  /** The entity key of {@code key}, with a message naming the model when the key does not fit. */
  byte[] entityKey(Object key) {
    if (key == null) {
      throw new IllegalArgumentException(
          "The key of " + describe() + " cannot be null (its @Key is " + keyField() + ")");
    }
    try {
      return keys.entityKey(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Wrong key for " + describe() + " (its @Key is " + keyField() + "): " + e.getMessage(), e);
    }
  }

  /** The key of {@code entity}, which must not be null. */
  Object keyOf(T entity) {
    Object key = model.keyOf(entity);
    if (key == null) {
      throw new IllegalArgumentException(
          "Cannot store an instance of "
              + describe()
              + " without a key: its @Key field "
              + keyField()
              + " is null");
    }
    return key;
  }

  /**
   * The index keys {@code entity} has, by index position: the unique key or the index entry for
   * its value, or null when the value is null (not indexed).
   */
  byte[][] indexKeys(T entity, Object key) {
    List<IndexModel> indexes = model.indexes();
    byte[][] result = new byte[indexes.size()][];
    for (IndexModel index : indexes) {
      Object value = model.indexedValue(entity, index);
      if (value != null) {
        result[index.position()] =
            index.isUnique()
                ? keys.uniqueKey(index, value)
                : keys.indexEntryKey(index, value, key);
      }
    }
    return result;
  }

  /**
   * The index called {@code name}: by index name first, then by the name of the indexed field.
   *
   * @throws IllegalArgumentException naming the indexes there are
   */
  public IndexModel index(String name) {
    IndexModel index = model.index(name);
    if (index == null) {
      FieldModel field = model.field(name);
      index = field == null ? null : field.index();
    }
    if (index == null) {
      throw new IllegalArgumentException(
          describe() + " has no index '" + name + "'; its indexes: " + describeIndexes());
    }
    return index;
  }

  /** The index called {@code name}, which must be unique. */
  IndexModel uniqueIndex(String name) {
    IndexModel index = index(name);
    if (!index.isUnique()) {
      throw new IllegalArgumentException(
          "Index '"
              + index.name()
              + "' of "
              + describe()
              + " is not @Unique: one value can belong to many entities; use find or query");
    }
    return index;
  }

  /** The keys of {@code index} for exactly {@code value}, with a message when the type is wrong. */
  KeyRange valueRange(IndexModel index, Object value) {
    try {
      return keys.valueRange(index, value);
    } catch (IllegalArgumentException e) {
      throw wrongValue(index, e);
    }
  }

  /** The unique key for {@code value}, with a message when the type is wrong. */
  byte[] uniqueKey(IndexModel index, Object value) {
    try {
      return keys.uniqueKey(index, value);
    } catch (IllegalArgumentException e) {
      throw wrongValue(index, e);
    }
  }

  /** The keys of {@code index} between the bounds (null: unbounded), in value order. */
  public KeyRange range(
      IndexModel index, Object from, boolean fromInclusive, Object to, boolean toInclusive) {
    try {
      return keys.range(index, from, fromInclusive, to, toInclusive);
    } catch (IllegalArgumentException e) {
      throw wrongValue(index, e);
    }
  }

  private IllegalArgumentException wrongValue(IndexModel index, IllegalArgumentException e) {
    return new IllegalArgumentException(
        "Index '"
            + index.name()
            + "' of "
            + describe()
            + " holds values of type "
            + index.valueType().describe()
            + ": "
            + e.getMessage(),
        e);
  }

  /** The entity key of an index key found by a scan of {@code index}. */
  Object keyOfIndexEntry(IndexModel index, byte[] indexKey, byte[] value) {
    return index.isUnique()
        ? keys.decodeKey(value, indexKey)
        : keys.keyOfIndexEntry(index, indexKey);
  }

  String describeIndexes() {
    if (model.indexes().isEmpty()) {
      return "none";
    }
    return model.indexes().stream()
        .map(
            i ->
                "'"
                    + i.name()
                    + "' ("
                    + (i.isUnique() ? "@Unique" : "@Index")
                    + " on field "
                    + i.field().name()
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private String keyField() {
    return model.key().name() + " (" + model.key().type().describe() + ")";
  }

  /** The class and model name, for messages. */
  String describe() {
    return model.type().getName() + " (model '" + model.name() + "')";
  }

  @Override
  public String toString() {
    return "ModelContext[" + model.name() + "]";
  }
}
