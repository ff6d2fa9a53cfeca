package dev.ergokv;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads entities at one snapshot of the cluster: every read sees the data as it was when the
 * transaction began, plus the transaction's own changes (for a {@link Transaction}).
 *
 * <p><b>Identity.</b> Within one transaction, loading the same key twice returns the same
 * instance, whether it came from {@link #load}, {@link #loadAll}, a query or a stream.
 *
 * <p><b>Keys and index values</b> are given as the Java values the entity holds: a {@code UUID}
 * for a {@code UUID} key, a record instance for a record key. Integral values may be given as any
 * integral type ({@code 42} for a {@code long} field), as may {@code float}/{@code double}. A value
 * of another type is an {@link IllegalArgumentException} naming the model and what was expected.
 *
 * <p><b>Streams</b> ({@link #find}, {@link #all}, {@link IndexQuery#stream}) are lazy: they read
 * the cluster in pages as they are consumed, so a stream over a large model holds one page at a
 * time. They belong to the transaction: consume them (or close them) before it ends; using one
 * afterwards throws {@link IllegalStateException}. Streams of a read-only transaction do not keep
 * what they return, so memory stays bounded however many entities pass; streams of a read-write
 * {@link Transaction} keep every entity they return in the transaction, so that changes made to
 * them are saved at commit. A stored value that does not decode throws {@link
 * CorruptValueException} when the stream reaches it; a caller that iterates by hand and goes on
 * gets the entities after it.
 *
 * <p><b>One thread at a time.</b> A call made while another thread is inside a call of the same
 * transaction throws {@link IllegalStateException} naming both threads. A transaction may be handed
 * from thread to thread between calls, and the fields of its entities may be changed from several
 * threads.
 */
public interface ReadTransaction extends AutoCloseable {

  /**
   * The entity of {@code type} with this key, or empty when none exists (or it was deleted in this
   * transaction).
   *
   * @throws MappingException when {@code type} is not a valid entity
   * @throws CorruptValueException when the stored value cannot be decoded; names model and key
   * @throws dev.ergokv.migrate.ConverterFailedException when an older schema version's value
   *     cannot be converted because a {@code @MigrateFrom} converter failed
   */
  <T> Optional<T> load(Class<T> type, Object key);

  /**
   * The entities of {@code type} with these keys, read in one round trip per region: a map from
   * each key that exists to its entity, in the order the keys were given. Missing keys are absent
   * from the map.
   */
  <K, T> Map<K, T> loadAll(Class<T> type, Collection<K> keys);

  /** Whether an entity of {@code type} with this key exists (without decoding it). */
  boolean exists(Class<?> type, Object key);

  /**
   * The entity whose {@code @Unique} index {@code index} holds {@code value}, or empty.
   *
   * @param index the index name ({@code @Unique("name")}, else the field name); the field name is
   *     accepted too
   * @throws IllegalArgumentException when the entity has no such unique index, or the value has
   *     the wrong type
   */
  <T> Optional<T> findUnique(Class<T> type, String index, Object value);

  /**
   * The entities whose index {@code index} (unique or not) holds {@code value}, in key order, as a
   * lazy stream (see the class comment). Null values are never indexed, so a null value finds
   * nothing.
   *
   * @throws IllegalArgumentException when the entity has no such index, or the value has the wrong
   *     type
   */
  <T> Stream<T> find(Class<T> type, String index, Object value);

  /**
   * A query over index {@code index}: equality, ranges with inclusive or exclusive bounds, a
   * limit. Results come in index order: by value, then by key.
   *
   * <pre>{@code
   * List<User> adults = tx.query(User.class, "age").from(18).before(65).limit(100).list();
   * }</pre>
   *
   * @throws IllegalArgumentException when the entity has no such index
   */
  <T> IndexQuery<T> query(Class<T> type, String index);

  /** Every entity of {@code type}, in key order, as a lazy stream (see the class comment). */
  <T> Stream<T> all(Class<T> type);

  /** How many entities of {@code type} exist; reads every key of the model, decodes none. */
  long count(Class<?> type);

  /**
   * The finder interface {@code type} bound to this transaction: its methods run here.
   *
   * @throws MappingException when a method of the interface matches no index of its entity
   */
  <R extends Repository<?, ?>> R repository(Class<R> type);

  /** Whether the transaction can still be used: not committed, rolled back or closed. */
  boolean isOpen();

  /** Ends the transaction. A read-write transaction that was not committed is rolled back. */
  @Override
  void close();
}
