package dev.ergokv.internal.migrate;

import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.IndexModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transaction needs to read values of older schema versions as the current class (the lazy
 * migration path): decoding through the {@link VersionChain}, and the index keys an older stored
 * value has, so that rewriting or deleting it removes exactly those.
 *
 * <p>Made once per entity class and keyspace. Thread-safe.
 *
 * @param <T> the current entity class
 */
public final class StoredVersions<T> {

  /**
   * The index keys of an older stored value, as the current model sees them.
   *
   * @param byPosition per index of the current model, the older value's key in that index's key
   *     range (same index name and kind), or null
   * @param orphans keys of indexes the current model does not have (removed or renamed, or
   *     changed from unique to non-unique): to delete whenever the entity is rewritten
   */
  public record OlderIndexKeys(byte[][] byPosition, List<IndexKey> orphans) {}

  private final VersionChain<T> chain;
  private final EntityCodec<T> codec;
  private final KeySpace keySpace;
  private final KeyRange[] indexRanges;

  /**
   * @throws dev.ergokv.MappingException when the class's {@code @MigrateFrom} chain is broken
   */
  public StoredVersions(EntityModel<T> model, KeySpace keySpace, ModelKeys<T> keys) {
    this.chain = VersionChain.of(model);
    this.codec = EntityCodec.of(model);
    this.keySpace = keySpace;
    List<IndexModel> indexes = model.indexes();
    this.indexRanges = new KeyRange[indexes.size()];
    for (IndexModel index : indexes) {
      indexRanges[index.position()] = keys.range(index);
    }
  }

  /** The version chain of the class. */
  public VersionChain<T> chain() {
    return chain;
  }

  /** The current-class entity in {@code value}, converted if an older version stored it. */
  public T decode(byte[] key, byte[] value) {
    return chain.hasOlderVersions() ? chain.decode(key, value) : codec.decode(key, value);
  }

  /**
   * Whether {@code value} was stored by an older version of the chain, so that reading it runs
   * converters. (A class without {@code @MigrateFrom} reads every version by field name.)
   */
  public boolean isOlder(byte[] key, byte[] value) {
    return chain.hasOlderVersions() && chain.isOlder(codec.storedVersion(key, value));
  }

  /** The index keys of an older stored value, mapped onto the current model's indexes. */
  public OlderIndexKeys olderIndexKeys(byte[] key, byte[] value) {
    int version = codec.storedVersion(key, value);
    Object old = chain.decodeAt(key, value, version);
    EntityModel<?> model = chain.modelAt(version);
    byte[][] byPosition = new byte[indexRanges.length][];
    List<IndexKey> orphans = new ArrayList<>();
    for (IndexKey indexKey : IndexKey.of(keySpace.keys(model), old)) {
      int position = positionOf(indexKey.key());
      if (position < 0 || byPosition[position] != null) {
        orphans.add(indexKey);
      } else {
        byPosition[position] = indexKey.key();
      }
    }
    return new OlderIndexKeys(byPosition, orphans);
  }

  private int positionOf(byte[] indexKey) {
    for (int i = 0; i < indexRanges.length; i++) {
      if (indexRanges[i].contains(indexKey)) {
        return i;
      }
    }
    return -1;
  }
}
