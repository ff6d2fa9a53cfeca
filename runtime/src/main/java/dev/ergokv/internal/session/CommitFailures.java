package dev.ergokv.internal.session;

import dev.ergokv.EntityExistsException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.UniqueConstraintViolationException;
import dev.ergokv.ValueTooLargeException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.keys.KeyNames;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.session.WriteSet.Write;
import dev.ergokv.internal.txn.KeyConflictException;
import dev.ergokv.internal.txn.KeyExistsException;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.Arrays;
import java.util.function.Function;

/**
 * What a failed or refused commit means in terms of entities: the engine reports raw keys (an
 * insert met an existing key, a key conflicted), and only the unit of work knows which entity,
 * unique value or index entry a key stands for. Also the checks made before anything is sent.
 */
final class CommitFailures {

  private final Store store;
  private final WriteSet writes;
  /** The entry of an entity key this transaction met, or null. */
  private final Function<byte[], Managed<?>> entries;

  CommitFailures(Store store, WriteSet writes, Function<byte[], Managed<?>> entries) {
    this.store = store;
    this.writes = writes;
    this.entries = entries;
  }

  /**
   * Refuses a value the cluster could never accept, before anything is sent: TiKV refuses a Raft
   * proposal over its entry limit, after the prewrite of every other key was tried.
   *
   * @throws ValueTooLargeException naming model, entity and size
   */
  void checkSizes() {
    int limit = store.maxValueSize();
    for (Write write : writes.all()) {
      if (write.value != null && write.value.length > limit && write.writesValue()) {
        Managed<?> entity = write.entity;
        String model = entity == null ? "?" : entity.context.model.name();
        throw new ValueTooLargeException(model, readable(write.key), write.value.length, limit);
      }
    }
  }

  /** The public conflict for an engine's, naming the entity or index value the key stands for. */
  WriteConflictException conflict(WriteConflictException failure) {
    if (!(failure instanceof KeyConflictException)) {
      return failure;
    }
    KeyConflictException raw = (KeyConflictException) failure;
    String key = readable(raw.rawKey());
    return new WriteConflictException(key, "Write conflict on " + key + ": it " + raw.reason(), raw);
  }

  /**
   * A key of this transaction as people read it: {@code User[id=5]} for an entity, the index, its
   * value and the entity for an index key; the generic rendering for others.
   */
  String readable(byte[] key) {
    Write write = writes.get(key);
    if (write != null && write.entity != null) {
      return entity(write.entity);
    }
    if (write != null && write.isIndex()) {
      // A key only released here (no claimant) is rendered generically below.
      Managed<?> someone = write.claimants.isEmpty() ? null : write.claimants.get(0);
      if (someone != null) {
        ModelContext<?> context = someone.context;
        try {
          Object value = context.keys.valueOfIndexKey(write.index, key);
          if (write.index.isUnique()) {
            return "unique index '"
                + write.index.name()
                + "' of model '"
                + context.model.name()
                + "', value "
                + KeyNames.value(value);
          }
          Object owner = context.keys.keyOfIndexEntry(write.index, key);
          return "index '"
              + write.index.name()
              + "' entry of "
              + KeyNames.entity(context.model, owner)
              + ", value "
              + KeyNames.value(value);
        } catch (RuntimeException e) {
          return KeySpace.describe(key); // not of that model's layout after all
        }
      }
    }
    Managed<?> entry = entries.apply(key);
    return entry != null ? entity(entry) : KeySpace.describe(key);
  }

  private static String entity(Managed<?> managed) {
    return KeyNames.entity(managed.context.model, managed.key);
  }

  /** The error an INSERT that met an existing key stands for. */
  RuntimeException keyExists(KeyExistsException e) {
    byte[] key = e.key();
    Write write = writes.get(key);
    if (write == null) {
      return new ErgoKvException(
          "Commit failed: key " + KeySpace.describe(key) + " already exists", e);
    }
    if (!write.isIndex()) {
      Managed<?> entity = write.entity;
      return withCause(new EntityExistsException(entity.context.model.name(), entity.key), e);
    }
    Managed<?> claimant = write.claimants.get(0);
    ModelContext<?> context = claimant.context;
    Object value = context.keys.valueOfIndexKey(write.index, key);
    Object owner = ownerAfterFailure(context, key, e);
    if (owner != null
        && Arrays.equals(context.keys.encodeKey(owner), context.keys.encodeKey(claimant.key))) {
      // The "owner" is the entity itself: it exists already, and the insert was of its key.
      return withCause(new EntityExistsException(context.model.name(), claimant.key), e);
    }
    return withCause(
        new UniqueConstraintViolationException(
            context.model.name(), write.index.name(), value, owner, claimant.key),
        e);
  }

  /** Reads who owns a unique key now, in a fresh snapshot; null when unknown. */
  private Object ownerAfterFailure(ModelContext<?> context, byte[] uniqueKey, Exception failure) {
    try (KvTransaction read = store.engine().beginReadOnly()) {
      return read.get(uniqueKey).map(v -> context.keys.decodeKey(v, uniqueKey)).orElse(null);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return null;
    }
  }

  /** Two entities of this transaction claim one unique value. */
  RuntimeException doubleClaim(Write write) {
    Managed<?> owner = write.claimants.get(0);
    Managed<?> second = write.claimants.get(1);
    ModelContext<?> context = owner.context;
    return new UniqueConstraintViolationException(
        context.model.name(),
        write.index.name(),
        context.keys.valueOfIndexKey(write.index, write.key),
        owner.key,
        second.key);
  }

  private static RuntimeException withCause(RuntimeException error, Throwable cause) {
    error.initCause(cause);
    return error;
  }
}
