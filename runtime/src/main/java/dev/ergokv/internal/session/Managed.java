package dev.ergokv.internal.session;

import dev.ergokv.CorruptValueException;
import dev.ergokv.enhance.ChangeListener;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.internal.migrate.IndexKey;
import dev.ergokv.internal.migrate.StoredVersions.OlderIndexKeys;
import java.util.List;

/**
 * One key of one entity model as this transaction knows it: the instance the application holds,
 * the STORED pre-image (the value TiKV had at the transaction's snapshot), what was last flushed,
 * and which index keys this entity adds and removes relative to the pre-image.
 *
 * @param <T> the entity class
 */
final class Managed<T> implements ChangeListener {

  enum Status {
    /** An entity exists under the key (loaded, saved or inserted here). */
    LIVE,
    /** Deleted in this transaction. */
    DELETED,
    /** Read here and found missing. */
    ABSENT
  }

  final ModelContext<T> context;
  final Object key;
  final byte[] keyBytes;

  Status status;
  /** The instance the application holds; null unless LIVE. */
  T entity;

  /** The value at the snapshot; null when absent (or assumed absent, see storedKnown). */
  byte[] stored;
  /**
   * Whether {@link #stored} was read. An entity created by {@code insert} is assumed absent
   * without a read; the INSERT mutation makes commit fail if it is not.
   */
  boolean storedKnown;
  /** The index keys of the stored value, by index position; computed on first need. */
  private byte[][] storedIndexKeys;
  /** Whether an older schema version wrote {@link #stored}; null until asked. */
  private Boolean storedOlder;
  /** Index keys of an older stored value that no index of the current model covers. */
  private List<IndexKey> orphanIndexKeys = List.of();
  /** Whether the orphans are released in the write set (the entity key is rewritten). */
  boolean orphansReleased;
  /**
   * The stored value does not decode: its index keys were found by a scan ({@link
   * CorruptRepair}), and those beyond one per index are released like orphans.
   */
  boolean storedCorrupt;

  /** The value as of the last flush (the stored value until the first change); null: never. */
  byte[] flushed;
  /**
   * The {@link ComparedFields} snapshot of the instance as of its load or last flush, in a
   * read-write transaction; null when not taken (then a change check encodes the whole entity).
   */
  Object[] compared;
  /** Index keys this entity adds relative to the stored value, by index position. */
  byte[][] claimed;
  /** Index keys of the stored value this entity gives up, by index position. */
  byte[][] released;

  /**
   * The instance held, at a flush, a collection the application handed in (not yet the runtime's
   * tracked wrapper): the application may still change it through its own reference, which no
   * wrapper sees, so from then on every flush compares the instance's encoding.
   */
  boolean comparesAll;

  /** {@code lock(entity)} was asked for. */
  boolean locked;

  /**
   * Whether every flush checks this entry. When false, its (enhanced) instance reports its first
   * write to {@link #changes} instead, and a flush visits it only then.
   */
  boolean visitedAtFlush;
  /** Where this entry goes when its instance reports a change; null while not listening. */
  ChangedEntities changes;
  /**
   * For an entry visited at every flush whose instance records writes: it reported one since the
   * last flush. Its dirty set alone cannot say so, since another entry holding the same instance
   * (saved under a changed key) may have flushed and cleared it.
   */
  volatile boolean reported;

  Managed(ModelContext<T> context, Object key, byte[] keyBytes) {
    this.context = context;
    this.key = key;
    this.keyBytes = keyBytes;
    int indexes = context.model.indexes().size();
    this.claimed = new byte[indexes][];
    this.released = new byte[indexes][];
  }

  /** An entity read from the snapshot. */
  static <T> Managed<T> loaded(
      ModelContext<T> context, Object key, byte[] keyBytes, byte[] value, T entity) {
    Managed<T> managed = new Managed<>(context, key, keyBytes);
    managed.status = Status.LIVE;
    managed.entity = entity;
    managed.stored = value;
    managed.storedKnown = true;
    // A converted entity is compared with its current-version encoding, so that loading it
    // changes nothing until it is changed or saved.
    managed.flushed = managed.storedIsOlder() ? context.codec.encode(entity) : value;
    return managed;
  }

  /** The instance reports its first write since its last flush: flush it next time. */
  @Override
  public void changed(EnhancedEntity instance) {
    // An instance this entry no longer holds (replaced by save, or deleted) has nothing to say.
    if (instance != entity) {
      return;
    }
    if (changes != null) {
      changes.add(this);
    } else if (visitedAtFlush) {
      reported = true;
    }
  }

  /** A key read from the snapshot and found missing. */
  static <T> Managed<T> absent(ModelContext<T> context, Object key, byte[] keyBytes) {
    Managed<T> managed = new Managed<>(context, key, keyBytes);
    managed.status = Status.ABSENT;
    managed.storedKnown = true;
    return managed;
  }

  boolean isLive() {
    return status == Status.LIVE;
  }

  /**
   * The index keys of the stored value (none when absent), decoding it on first need. A value of
   * an older schema version has the keys of ITS indexes: those in the range of a current index
   * are returned at that index's position, the others are {@link #orphanIndexKeys()}.
   */
  byte[][] storedIndexKeys() {
    if (storedIndexKeys == null) {
      if (stored == null) {
        storedIndexKeys = new byte[claimed.length][];
      } else if (storedIsOlder()) {
        OlderIndexKeys older = context.versions.olderIndexKeys(keyBytes, stored);
        storedIndexKeys = older.byPosition();
        orphanIndexKeys = older.orphans();
      } else {
        storedIndexKeys = context.indexKeys(context.codec.decode(keyBytes, stored), key);
      }
    }
    return storedIndexKeys;
  }

  /** Keys of an older stored value in indexes the current model no longer has. */
  List<IndexKey> orphanIndexKeys() {
    storedIndexKeys();
    return orphanIndexKeys;
  }

  /** Whether the stored value was written by an older schema version (of the chain). */
  boolean storedIsOlder() {
    if (storedOlder == null) {
      try {
        storedOlder = stored != null && context.versions.isOlder(keyBytes, stored);
      } catch (CorruptValueException e) {
        // A header that does not parse names no version: not an older value but a corrupt one,
        // which its first decode reports (a read) or repairs (a delete or save).
        storedOlder = false;
      }
    }
    return storedOlder;
  }

  /**
   * Takes the index keys of a stored value that does not decode, as found by a scan: one per
   * index position, and any more (stale extras) to release with the value.
   */
  void repaired(byte[][] byPosition, List<IndexKey> more) {
    storedIndexKeys = byPosition;
    orphanIndexKeys = more;
    storedCorrupt = true;
  }

  /** Whether index keys beyond one per current index go when the entity key is rewritten. */
  boolean hasOrphans() {
    return storedIsOlder() || storedCorrupt;
  }

  @Override
  public String toString() {
    return context.model.name() + "/" + key + " " + status;
  }
}
