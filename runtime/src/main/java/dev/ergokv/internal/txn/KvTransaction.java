package dev.ergokv.internal.txn;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One optimistic transaction over raw keys: snapshot reads at the start timestamp with
 * read-your-writes, buffered writes, and a Percolator commit.
 *
 * <p>This is the seam between the entity layer (which turns entities and indexes into keys) and
 * the engine (which talks to TiKV). Keys and values are plain byte arrays; callers never hand a
 * mutable array to the transaction and change it afterwards (the transaction does not copy).
 *
 * <p>Not thread-safe: a transaction belongs to one unit of work on one thread.
 */
public interface KvTransaction extends AutoCloseable {

  /** The snapshot timestamp all reads see. */
  long startTs();

  /** The value at {@code key}, including this transaction's own buffered writes. */
  Optional<byte[]> get(byte[] key);

  /**
   * The values of those {@code keys} that exist, in one round trip per region. Map keys are the
   * caller's arrays (identity), so callers look values up by the arrays they passed.
   */
  Map<byte[], byte[]> batchGet(Collection<byte[]> keys);

  /**
   * Key-ordered entries with {@code fromInclusive <= key < toExclusive}, merging buffered writes,
   * fetched lazily in pages of {@code pageSize}; at most {@code limit} entries.
   */
  KvScan scan(byte[] fromInclusive, byte[] toExclusive, int pageSize, long limit);

  /** Buffers a write of {@code value} (never empty) at {@code key}. */
  void put(byte[] key, byte[] value);

  /**
   * Buffers a write that must create the key: commit fails with {@link KeyExistsException} if the
   * key exists at commit time (checked by TiKV at prewrite, so concurrent inserters cannot both
   * win).
   */
  void insert(byte[] key, byte[] value);

  /** Buffers a delete of {@code key}. */
  void delete(byte[] key);

  /**
   * Adds {@code key} to the write set without changing it, so that a concurrent commit that
   * writes it makes this transaction fail (prevents write skew on keys read but not written).
   */
  void lock(byte[] key);

  /** Whether anything is buffered. A read-only transaction commits without contacting TiKV. */
  boolean hasWrites();

  /**
   * Commits the buffered writes atomically.
   *
   * @throws dev.ergokv.WriteConflictException if another transaction wrote one of the keys after
   *     this one started, or holds a lock on one; nothing of this transaction is left behind
   * @throws KeyExistsException if an {@link #insert} key already exists
   */
  void commit();

  /** Discards buffered writes and releases any locks this transaction holds. Idempotent. */
  void rollback();

  /** Rolls back unless committed. */
  @Override
  void close();
}
