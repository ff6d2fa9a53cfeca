package dev.ergokv.internal.keys;

import dev.ergokv.CorruptValueException;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.IndexModel;
import java.util.List;

/**
 * Builds and parses the keys of one entity model in one {@link KeySpace}: entity keys, unique
 * index keys and non-unique index entries, and the ranges that scans use. The prefixes are encoded
 * once; each call encodes only the values. Immutable and thread-safe.
 *
 * <p>Null values are rejected with {@link IllegalArgumentException}: null index values are not
 * indexed (see {@link IndexModel}), and an entity without a key cannot be stored. Keys that do not
 * parse raise {@link CorruptValueException} naming the model and key.
 *
 * @param <T> the entity class
 */
public final class ModelKeys<T> {

  /** The value of every non-unique index entry: a marker, since TiKV reads an empty value as absent. */
  private static final byte[] INDEX_ENTRY_VALUE = {1};

  private final EntityModel<T> model;
  private final byte[] entityPrefix;
  private final KeyCodec<?> keyCodec;
  private final byte[][] indexPrefixes;
  private final KeyCodec<?>[] indexCodecs;

  ModelKeys(KeySpace space, EntityModel<T> model) {
    this.model = model;
    this.entityPrefix = withModel(space, KeySpace.ENTITY, model.name());
    this.keyCodec = KeyCodecs.forType(model.key().type());
    List<IndexModel> indexes = model.indexes();
    this.indexPrefixes = new byte[indexes.size()][];
    this.indexCodecs = new KeyCodec<?>[indexes.size()];
    for (IndexModel index : indexes) {
      byte[] base =
          withModel(space, index.isUnique() ? KeySpace.UNIQUE : KeySpace.INDEX, model.name());
      KeyWriter out = new KeyWriter(base, index.name().length() + 4);
      out.write(KeyFormat.STRING);
      out.writeEscapedUtf8(index.name());
      indexPrefixes[index.position()] = out.toByteArray();
      indexCodecs[index.position()] = KeyCodecs.forType(index.valueType());
    }
  }

  private static byte[] withModel(KeySpace space, byte tag, String name) {
    KeyWriter out = space.tagged(tag, name.length() + 4);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(name);
    return out.toByteArray();
  }

  /** The model these keys belong to. */
  public EntityModel<T> model() {
    return model;
  }

  // ------------------------------------------------------------------ entities

  /** The key of the entity whose key field holds {@code key}: {@code keyspace|E|model|key}. */
  public byte[] entityKey(Object key) {
    KeyWriter out = new KeyWriter(entityPrefix, 24);
    keyCodec.encode(key, out);
    return out.toByteArray();
  }

  /** Every entity key of the model, in key order. */
  public KeyRange entityRange() {
    return KeyRange.prefix(entityPrefix);
  }

  /**
   * The key field value encoded in an entity key.
   *
   * @throws CorruptValueException when {@code entityKey} is not an entity key of this model
   */
  public Object keyOfEntityKey(byte[] entityKey) {
    KeyReader in = new KeyReader(entityKey);
    try {
      in.expect(entityPrefix);
      Object key = keyCodec.decode(in);
      in.expectEnd();
      return key;
    } catch (MalformedKeyException e) {
      throw corrupt(entityKey, "not an entity key of this model", e);
    }
  }

  /** The key component alone: the value stored under a unique index key. */
  public byte[] encodeKey(Object key) {
    return keyCodec.encode(key);
  }

  /**
   * Decodes a key component written by {@link #encodeKey}.
   *
   * @param where the key under which the component was stored, for the error message
   * @throws CorruptValueException when the bytes are not one key component
   */
  public Object decodeKey(byte[] component, byte[] where) {
    KeyReader in = new KeyReader(component);
    try {
      Object key = keyCodec.decode(in);
      in.expectEnd();
      return key;
    } catch (MalformedKeyException e) {
      throw corrupt(where, "stored value is not a " + keyCodec.describe() + " key", e);
    }
  }

  // ------------------------------------------------------------------ indexes

  /** The key that reserves {@code value} in a unique index: {@code keyspace|U|model|index|value}. */
  public byte[] uniqueKey(IndexModel index, Object value) {
    requireUnique(index, true);
    KeyWriter out = new KeyWriter(indexPrefixes[index.position()], 24);
    indexCodecs[index.position()].encode(value, out);
    return out.toByteArray();
  }

  /**
   * The entry of entity {@code key} under {@code value} in a non-unique index: {@code
   * keyspace|I|model|index|value|key}.
   */
  public byte[] indexEntryKey(IndexModel index, Object value, Object key) {
    requireUnique(index, false);
    KeyWriter out = new KeyWriter(indexPrefixes[index.position()], 40);
    indexCodecs[index.position()].encode(value, out);
    keyCodec.encode(key, out);
    return out.toByteArray();
  }

  /** The value to store under a non-unique index entry (never empty). */
  public byte[] indexEntryValue() {
    return INDEX_ENTRY_VALUE.clone();
  }

  /**
   * Every key of {@code index} for exactly {@code value}: the one unique key, or all entries of a
   * non-unique index for that value (never those of another value).
   */
  public KeyRange valueRange(IndexModel index, Object value) {
    return KeyRange.prefix(valuePrefix(index, value));
  }

  /** Every key of {@code index}, in value order (then entity key order). */
  public KeyRange range(IndexModel index) {
    return KeyRange.prefix(indexPrefixes[checked(index).position()]);
  }

  /**
   * The keys of {@code index} whose values lie between {@code from} and {@code to}, in value order.
   * A null bound is unbounded on that side; an inverted range is empty.
   */
  public KeyRange range(
      IndexModel index, Object from, boolean fromInclusive, Object to, boolean toInclusive) {
    byte[] prefix = indexPrefixes[checked(index).position()];
    byte[] start;
    if (from == null) {
      start = prefix;
    } else {
      byte[] fromPrefix = valuePrefix(index, from);
      start = fromInclusive ? fromPrefix : KeyRange.prefixEnd(fromPrefix);
    }
    byte[] end;
    if (to == null) {
      end = KeyRange.prefixEnd(prefix);
    } else {
      byte[] toPrefix = valuePrefix(index, to);
      end = toInclusive ? KeyRange.prefixEnd(toPrefix) : toPrefix;
    }
    return new KeyRange(start, end);
  }

  /**
   * The entity key field value in a non-unique index entry key.
   *
   * @throws CorruptValueException when {@code entryKey} is not an entry of {@code index}
   */
  public Object keyOfIndexEntry(IndexModel index, byte[] entryKey) {
    requireUnique(index, false);
    KeyReader in = new KeyReader(entryKey);
    try {
      in.expect(indexPrefixes[index.position()]);
      indexCodecs[index.position()].skip(in);
      Object key = keyCodec.decode(in);
      in.expectEnd();
      return key;
    } catch (MalformedKeyException e) {
      throw corrupt(entryKey, "not an entry of index '" + index.name() + "'", e);
    }
  }

  /**
   * The indexed value in a key of {@code index} (unique key or non-unique entry).
   *
   * @throws CorruptValueException when {@code indexKey} is not a key of {@code index}
   */
  public Object valueOfIndexKey(IndexModel index, byte[] indexKey) {
    KeyReader in = new KeyReader(indexKey);
    try {
      in.expect(indexPrefixes[checked(index).position()]);
      Object value = indexCodecs[index.position()].decode(in);
      if (index.isUnique()) {
        in.expectEnd();
      } else {
        keyCodec.skip(in);
        in.expectEnd();
      }
      return value;
    } catch (MalformedKeyException e) {
      throw corrupt(indexKey, "not a key of index '" + index.name() + "'", e);
    }
  }

  private byte[] valuePrefix(IndexModel index, Object value) {
    KeyWriter out = new KeyWriter(indexPrefixes[checked(index).position()], 24);
    indexCodecs[index.position()].encode(value, out);
    return out.toByteArray();
  }

  private IndexModel checked(IndexModel index) {
    List<IndexModel> indexes = model.indexes();
    if (index.position() >= indexes.size() || indexes.get(index.position()) != index) {
      throw new IllegalArgumentException(index + " is not an index of model " + model.name());
    }
    return index;
  }

  private void requireUnique(IndexModel index, boolean unique) {
    checked(index);
    if (index.isUnique() != unique) {
      throw new IllegalArgumentException(
          index + (unique ? " is not unique" : " is unique: it has one key per value, no entries"));
    }
  }

  private CorruptValueException corrupt(byte[] key, String problem, MalformedKeyException cause) {
    return new CorruptValueException(model.name(), key, problem + ": " + cause.getMessage(), cause);
  }

  @Override
  public String toString() {
    return "ModelKeys[" + model.name() + "]";
  }
}
