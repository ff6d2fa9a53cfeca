package dev.ergokv.internal.migrate;

import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.IndexModel;
import java.util.ArrayList;
import java.util.List;

/**
 * One index key an entity of some schema version has: the unique key (its value: the entity's key
 * component) or the non-unique entry (its value: the marker), with the index and the key builders
 * of the version that defines it.
 *
 * @param keys the key builders of the version whose index this is
 * @param index the index
 * @param key the index key
 * @param value what is stored under it
 */
public record IndexKey(ModelKeys<?> keys, IndexModel index, byte[] key, byte[] value) {

  /**
   * The index keys of {@code entity}, an instance of the class of {@code keys.model()}, in index
   * order; null index values have none.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static List<IndexKey> of(ModelKeys<?> keys, Object entity) {
    EntityModel model = keys.model();
    List<IndexModel> indexes = model.indexes();
    List<IndexKey> result = new ArrayList<>(indexes.size());
    if (indexes.isEmpty()) {
      return result;
    }
    Object key = model.keyOf(entity);
    for (IndexModel index : indexes) {
      Object value = model.indexedValue(entity, index);
      if (value == null) {
        continue;
      }
      if (index.isUnique()) {
        result.add(new IndexKey(keys, index, keys.uniqueKey(index, value), keys.encodeKey(key)));
      } else {
        result.add(
            new IndexKey(keys, index, keys.indexEntryKey(index, value, key), keys.indexEntryValue()));
      }
    }
    return result;
  }

  /** Whether this is a key of a unique index. */
  public boolean isUnique() {
    return index.isUnique();
  }

  /** The indexed value, decoded from the key, for messages. */
  public Object indexedValue() {
    return keys.valueOfIndexKey(index, key);
  }
}
