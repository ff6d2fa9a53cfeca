package dev.ergokv;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A query over one index of one entity: an immutable description, run by its terminal methods
 * ({@link #stream()}, {@link #list()}, {@link #first()}, {@link #count()}). Each bound method
 * returns a new query.
 *
 * <p>Results come in index order: by value (the natural order of the value type, see {@code
 * docs/mapping.md}), then by key. Without bounds the query covers every entity that has a value
 * in the index (entities whose value is null are not indexed).
 *
 * <pre>{@code
 * tx.query(User.class, "age").between(18, 65).list();          // 18 <= age <= 65
 * tx.query(User.class, "age").after(65).limit(10).stream();    // age > 65, first ten
 * tx.query(Order.class, "placedAt").before(cutoff).count();    // placedAt < cutoff
 * }</pre>
 *
 * <p>Bounds are values of the index's type (integral and floating types may be given as any
 * integral or floating type); a value of another type is an {@link IllegalArgumentException}. A
 * range whose lower bound is above its upper bound is empty.
 *
 * @param <T> the entity type
 */
public interface IndexQuery<T> {

  /** Only entities whose value equals {@code value}. */
  IndexQuery<T> equalTo(Object value);

  /** Only values {@code >= value}. */
  IndexQuery<T> from(Object value);

  /** Only values {@code > value}. */
  IndexQuery<T> after(Object value);

  /** Only values {@code <= value}. */
  IndexQuery<T> to(Object value);

  /** Only values {@code < value}. */
  IndexQuery<T> before(Object value);

  /** Only values {@code >= from} and {@code <= to}. */
  IndexQuery<T> between(Object from, Object to);

  /**
   * At most {@code max} results.
   *
   * @throws IllegalArgumentException when {@code max} is negative
   */
  IndexQuery<T> limit(long max);

  /** The matching entities as a lazy stream; see {@link ReadTransaction} on streams. */
  Stream<T> stream();

  /** The matching entities, read into a list. */
  List<T> list();

  /** The first matching entity in index order, if any. */
  Optional<T> first();

  /** How many entities match (up to the limit); reads index keys only. */
  long count();
}
