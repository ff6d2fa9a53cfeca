package dev.ergokv;

/**
 * A read-write unit of work, committed as one optimistic TiKV transaction: every entity, unique
 * index and index entry it changes is written atomically at {@link #commit()}, or nothing is.
 *
 * <p><b>Changes are found, not declared.</b> Entities loaded in the transaction (by any read) and
 * then changed are written at commit without an explicit {@link #save}. Records are immutable: to
 * change one, save a new record with the same key.
 *
 * <p><b>Indexes</b> are maintained from the stored state: when an entity is updated or deleted,
 * the index entries of the value stored in TiKV (read in this transaction if it was not loaded
 * here) are removed and those of the new state written. A {@code @Unique} value owned by another
 * entity is never overwritten: commit fails with {@link UniqueConstraintViolationException}.
 *
 * <p><b>Conflicts.</b> Commit fails with {@link WriteConflictException} when another transaction
 * committed a change to a key this one writes (or {@linkplain #lock locks}) after this one began.
 * {@link ErgoKv#transact} retries the whole unit on that error; a transaction begun with {@link
 * ErgoKv#begin()} is simply run again by its caller.
 *
 * <p>Writes are buffered in memory until commit; reads and queries see them.
 *
 * <pre>{@code
 * try (Transaction tx = kv.begin()) {
 *   tx.load(User.class, id).ifPresent(user -> user.setEmail("new@example.com"));
 *   tx.commit();
 * }
 * }</pre>
 */
public interface Transaction extends ReadTransaction {

  /**
   * Inserts {@code entity}, or updates the entity stored under its key. From now on {@code entity}
   * is this transaction's instance for that key: later changes to it are saved at commit, and an
   * instance loaded before for the same key is no longer tracked.
   *
   * @return {@code entity}
   * @throws IllegalArgumentException when the entity's key is null
   * @throws UniqueConstraintViolationException (at commit, or here) when a unique value is taken
   */
  <T> T save(T entity);

  /**
   * Inserts a new entity. Does not read: if an entity with the same key exists, commit fails with
   * {@link EntityExistsException} (here, when the transaction already knows the key exists).
   * Concurrent inserters of the same key cannot both succeed.
   *
   * @return {@code entity}
   */
  <T> T insert(T entity);

  /**
   * Updates an existing entity (as {@link #save} does).
   *
   * @return {@code entity}
   * @throws EntityNotFoundException when no entity with its key exists
   */
  <T> T update(T entity);

  /**
   * Deletes the entity stored under {@code entity}'s key, with the index entries of its STORED
   * state (not of the fields of {@code entity}, which may have been changed).
   *
   * @return whether an entity existed
   */
  <T> boolean delete(T entity);

  /**
   * Deletes the entity of {@code type} with this key and its index entries. Works on a stored
   * value that does not decode too: its index entries are then found by a scan of the model's
   * indexes (the repair path; {@link #save} over such a value does the same).
   *
   * @return whether an entity existed
   */
  boolean delete(Class<?> type, Object key);

  /**
   * Makes commit fail with {@link WriteConflictException} if another transaction changes this
   * entity after this transaction began, even though this transaction does not write it. Use it
   * on entities a decision was based on, to prevent write skew.
   */
  <T> void lock(T entity);

  /**
   * Writes every change atomically and ends the transaction.
   *
   * @throws CommitOutcomeUnknownException when the commit may have been applied and the cluster
   *     could not be asked: all of it or nothing was written, not known which
   * @throws ClusterUnavailableException when the cluster did not answer in time; nothing was
   *     written
   * @throws WriteConflictException when another transaction changed a written or locked key since
   *     this one began; nothing was written
   * @throws UniqueConstraintViolationException when a unique value is owned by another entity
   * @throws EntityExistsException when an {@link #insert inserted} key exists
   * @throws ValueTooLargeException when an entity's encoded value is over {@link
   *     ErgoKv.Builder#maxValueSize}; checked before anything is sent
   * @throws RollbackOnlyException when nested work joined to this unit failed; nothing was written
   * @throws IllegalStateException when the transaction has ended, or is run by {@link
   *     ErgoKv#transact} (which commits it)
   */
  void commit();

  /**
   * Discards every change and ends the transaction. Idempotent once ended.
   *
   * @throws IllegalStateException when the transaction is run by {@link ErgoKv#transact} (throw
   *     from the work to roll back)
   */
  void rollback();
}
