package dev.ergokv;

import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every key of one model straight from the engine, bypassing the entity layer, and lists
 * every broken invariant of the storage layout: an index entry that points to no entity or to one
 * whose field holds another value, an entity whose indexed value has no entry, a key that does not
 * parse.
 */
final class Consistency {

  private Consistency() {}

  /** The entities of the model, by hex key, as stored. */
  static <T> Map<String, T> entities(KvEngine engine, String keyspace, Class<T> type) {
    EntityModel<T> model = EntityModels.of(type);
    ModelKeys<T> keys = KeySpace.of(keyspace).keys(model);
    EntityCodec<T> codec = EntityCodec.of(model);
    Map<String, T> entities = new LinkedHashMap<>();
    try (KvTransaction tx = engine.beginReadOnly()) {
      for (Map.Entry<byte[], byte[]> entry : scan(tx, keys.entityRange())) {
        entities.put(hex(entry.getKey()), codec.decode(entry.getKey(), entry.getValue()));
      }
    }
    return entities;
  }

  /** Every broken invariant, one message each; empty when the model's keys are consistent. */
  static <T> List<String> problems(KvEngine engine, String keyspace, Class<T> type) {
    EntityModel<T> model = EntityModels.of(type);
    ModelKeys<T> keys = KeySpace.of(keyspace).keys(model);
    Map<String, T> entities = entities(engine, keyspace, type);
    List<String> problems = new ArrayList<>();
    try (KvTransaction tx = engine.beginReadOnly()) {
      for (IndexModel index : model.indexes()) {
        Set<String> present = new HashSet<>();
        for (Map.Entry<byte[], byte[]> entry : scan(tx, keys.range(index))) {
          byte[] indexKey = entry.getKey();
          String where = index.name() + " entry " + KeySpace.describe(indexKey);
          Object owner;
          try {
            owner =
                index.isUnique()
                    ? keys.decodeKey(entry.getValue(), indexKey)
                    : keys.keyOfIndexEntry(index, indexKey);
          } catch (CorruptValueException e) {
            problems.add(where + " does not parse: " + e.getMessage());
            continue;
          }
          T entity = entities.get(hex(keys.entityKey(owner)));
          if (entity == null) {
            problems.add(where + " points to key " + owner + ", which holds no entity");
            continue;
          }
          Object value = model.indexedValue(entity, index);
          byte[] expected =
              value == null
                  ? null
                  : index.isUnique()
                      ? keys.uniqueKey(index, value)
                      : keys.indexEntryKey(index, value, owner);
          if (expected == null || !hex(expected).equals(hex(indexKey))) {
            problems.add(where + " points to key " + owner + ", whose value is " + value);
          }
          present.add(hex(indexKey));
        }
        for (T entity : entities.values()) {
          Object value = model.indexedValue(entity, index);
          if (value == null) {
            continue;
          }
          Object key = model.keyOf(entity);
          byte[] expected =
              index.isUnique()
                  ? keys.uniqueKey(index, value)
                  : keys.indexEntryKey(index, value, key);
          if (!present.contains(hex(expected))) {
            problems.add(
                index.name() + ": entity " + key + " holds " + value + " but has no entry for it");
          }
        }
      }
    }
    return problems;
  }

  /** How many keys of any kind the keyspace holds. */
  static long keyCount(KvEngine engine, String keyspace) {
    try (KvTransaction tx = engine.beginReadOnly()) {
      long count = 0;
      for (Map.Entry<byte[], byte[]> ignored : scan(tx, KeySpace.of(keyspace).range())) {
        count++;
      }
      return count;
    }
  }

  private static List<Map.Entry<byte[], byte[]>> scan(KvTransaction tx, KeyRange range) {
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
    try (KvScan scan = tx.scan(range.start(), range.end(), 256, Long.MAX_VALUE)) {
      scan.forEachRemaining(entries::add);
    }
    return entries;
  }

  static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(String.format("%02x", b));
    }
    return text.toString();
  }
}
