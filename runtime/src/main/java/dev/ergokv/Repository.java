package dev.ergokv;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A typed finder interface for one entity: extend it, declare finder methods by name, and get an
 * implementation from {@link ErgoKv#repository} or {@link ReadTransaction#repository}.
 *
 * <pre>{@code
 * interface Users extends Repository<User, UUID> {
 *   Optional<User> byUsername(String username);        // @Unique field: Optional
 *   Stream<User> byDepartment(String department);      // @Index field: Stream or List
 *   List<User> byAgeBetween(int from, int to);         // inclusive range, ordered by value
 *   List<User> byAgeGreaterThan(int age);
 *   long countByDepartment(String department);
 * }
 * }</pre>
 *
 * <p><b>Finder names.</b> {@code by} (or {@code findBy}) followed by the indexed field or index
 * name, capitalised, optionally followed by a condition: none (equals), {@code Between} (two
 * arguments, both inclusive), {@code GreaterThan}, {@code GreaterThanEqual}, {@code LessThan},
 * {@code LessThanEqual}. {@code countBy} takes the same forms and returns {@code long}. Return
 * types: {@code Optional<T>} (equality on a {@code @Unique} index only), {@code Stream<T>} or
 * {@code List<T>}, always in index order (value, then key). Parameters must have the index's value
 * type (any integral type for an integral index, any floating type for a floating one). Default
 * methods are called as written.
 *
 * <p>A method that fits none of these rules, or names no index of the entity, makes the interface
 * invalid: obtaining it throws one {@link MappingException} naming every such method and the
 * entity, and the {@code ergokv-maven-plugin} reports the same at build time.
 *
 * <p><b>Where methods run.</b> A repository from {@link ReadTransaction#repository} runs in that
 * transaction. One from {@link ErgoKv#repository} joins the transaction of the current thread when
 * called inside {@link ErgoKv#transact} or {@link ErgoKv#read}; elsewhere each read runs in a
 * snapshot read of its own, and each write ({@code save}, {@code insert}, {@code update}, {@code
 * delete}) in a transaction of its own (retried on conflict like {@code transact}). A stream
 * returned outside a transaction holds its snapshot until it is consumed or closed.
 *
 * @param <T> the entity type
 * @param <K> the type of its {@code @Key}
 */
public interface Repository<T, K> {

  /** The entity with this key, if it exists. */
  Optional<T> load(K key);

  /** The entities with these keys that exist, by key, in the order given. */
  Map<K, T> loadAll(Collection<K> keys);

  /** Whether an entity with this key exists. */
  boolean exists(K key);

  /** Inserts or updates {@code entity}; see {@link Transaction#save}. */
  T save(T entity);

  /** Inserts a new entity; see {@link Transaction#insert}. */
  T insert(T entity);

  /** Updates an existing entity; see {@link Transaction#update}. */
  T update(T entity);

  /** Deletes the stored entity with {@code entity}'s key; see {@link Transaction#delete(Object)}. */
  boolean delete(T entity);

  /** Deletes the entity with this key; whether it existed. */
  boolean deleteByKey(K key);

  /** Every entity, in key order, as a lazy stream. */
  Stream<T> all();

  /** How many entities exist. */
  long count();

  /** A query over the named index; see {@link IndexQuery}. */
  IndexQuery<T> query(String index);
}
