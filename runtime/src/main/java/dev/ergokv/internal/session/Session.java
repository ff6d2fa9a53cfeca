package dev.ergokv.internal.session;

import dev.ergokv.CorruptValueException;
import dev.ergokv.EntityExistsException;
import dev.ergokv.EntityNotFoundException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.IndexQuery;
import dev.ergokv.Repository;
import dev.ergokv.RollbackOnlyException;
import dev.ergokv.Transaction;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.migrate.IndexKey;
import dev.ergokv.internal.query.IndexQueryImpl;
import dev.ergokv.internal.repository.Repositories;
import dev.ergokv.internal.session.Managed.Status;
import dev.ergokv.internal.session.WriteSet.Op;
import dev.ergokv.internal.session.WriteSet.Write;
import dev.ergokv.internal.txn.KeyExistsException;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The unit of work behind every {@link Transaction}: an identity map of the entities this
 * transaction touched, the net {@link WriteSet}, and the change detection that turns modified
 * entities into writes.
 *
 * <p>Writes are kept here, not in the engine, until commit; reads consult them first (read your
 * writes), and scans merge them with what the engine returns. Before a query or scan, changed
 * entities are flushed into the write set so the query sees them.
 */
public final class Session implements Transaction, Scope {

  private enum State {
    OPEN,
    COMMITTED,
    ROLLED_BACK,
    FAILED
  }

  private final Store store;
  private final KvTransaction kv;
  private final boolean readOnly;
  private boolean runByErgoKv;
  private State state = State.OPEN;
  private final HashMap<ByteKey, Managed<?>> identity = new HashMap<>();
  /**
   * The entries of {@link #identity} that every flush checks, in the order they were met: those
   * whose instance cannot report its own changes (un-enhanced classes, enhanced ones with fields
   * compared at flush). A list, because walking the map's nodes in hash order costs a cache miss
   * per node (measured 2.5x slower for 10,000).
   */
  private final ArrayList<Managed<?>> visitedAtFlush = new ArrayList<>();
  /**
   * The other live entries, enhanced instances that report their first write: a flush visits
   * only those that did, so its cost follows what changed, not what was loaded (a transaction
   * that loaded 10,000 and changed one flushes one).
   */
  private final ChangedEntities changes = new ChangedEntities();
  private final WriteSet writes = new WriteSet();
  private final CommitFailures failures;
  private final Set<ByteKey> lockedKeys = new HashSet<>();
  private final List<Cursor<?>> cursors = new ArrayList<>();
  private boolean closeWithCursors;
  /**
   * The thread inside a call of this transaction, null between calls. A unit of work is not
   * thread-safe (identity map, write set), and two threads inside it at once were seen to commit
   * stale index entries and lose inserts: a second thread is refused instead. Changes to entity
   * fields from many threads stay allowed; they report through the synchronized listener path.
   */
  private final AtomicReference<Thread> caller = new AtomicReference<>();
  /** How deep the {@link #caller} is in calls of this transaction (calls nest: find → query). */
  private int depth;
  /** The failure of nested work that joined this unit (ErgoKv.transact inside transact). */
  private Throwable rollbackOnly;

  Session(Store store, KvTransaction kv, boolean readOnly) {
    this.store = store;
    this.kv = kv;
    this.readOnly = readOnly;
    this.failures = new CommitFailures(store, writes, key -> identity.get(new ByteKey(key)));
  }

  // ------------------------------------------------------------------ reads

  @Override
  public <T> Optional<T> load(Class<T> type, Object key) {
    enter();
    try {
      ensureOpen();
      ModelContext<T> context = store.model(type);
      return Optional.ofNullable(load(context, key, context.entityKey(key)));
    } finally {
      exit();
    }
  }

  private <T> T load(ModelContext<T> context, Object key, byte[] keyBytes) {
    ByteKey id = new ByteKey(keyBytes);
    Managed<T> managed = managedOf(context, id);
    if (managed != null) {
      return managed.isLive() ? managed.entity : null;
    }
    Optional<byte[]> value = kv.get(keyBytes);
    if (value.isEmpty()) {
      remember(id, Managed.absent(context, key, keyBytes));
      return null;
    }
    T entity = context.decode(keyBytes, value.get());
    // The entity's own key, not the caller's (which may be an Integer for a long key).
    track(id, Managed.loaded(context, context.model.keyOf(entity), keyBytes, value.get(), entity));
    return entity;
  }

  @Override
  public <K, T> Map<K, T> loadAll(Class<T> type, Collection<K> keys) {
    enter();
    try {
      ensureOpen();
      ModelContext<T> context = store.model(type);
      List<K> requested = new ArrayList<>(keys);
      List<ByteKey> ids = new ArrayList<>(requested.size());
      LinkedHashMap<ByteKey, K> toRead = new LinkedHashMap<>();
      for (K key : requested) {
        ByteKey id = new ByteKey(context.entityKey(key));
        ids.add(id);
        if (managedOf(context, id) == null) {
          toRead.putIfAbsent(id, key);
        }
      }
      if (!toRead.isEmpty()) {
        List<byte[]> keyBytes = new ArrayList<>(toRead.size());
        toRead.keySet().forEach(id -> keyBytes.add(id.bytes));
        Map<byte[], byte[]> found = kv.batchGet(keyBytes);
        for (Map.Entry<ByteKey, K> entry : toRead.entrySet()) {
          byte[] bytes = entry.getKey().bytes;
          byte[] value = found.get(bytes);
          if (value == null) {
            remember(entry.getKey(), Managed.absent(context, entry.getValue(), bytes));
          } else {
            T entity = context.decode(bytes, value);
            track(
                entry.getKey(),
                Managed.loaded(context, context.model.keyOf(entity), bytes, value, entity));
          }
        }
      }
      Map<K, T> result = new LinkedHashMap<>();
      for (int i = 0; i < requested.size(); i++) {
        Managed<T> managed = managedOf(context, ids.get(i));
        if (managed.isLive()) {
          result.put(requested.get(i), managed.entity);
        }
      }
      return result;
    } finally {
      exit();
    }
  }

  @Override
  public boolean exists(Class<?> type, Object key) {
    enter();
    try {
      ensureOpen();
      ModelContext<?> context = store.model(type);
      byte[] keyBytes = context.entityKey(key);
      ByteKey id = new ByteKey(keyBytes);
      Managed<?> managed = managedOf(context, id);
      if (managed != null) {
        return managed.isLive();
      }
      if (kv.get(keyBytes).isPresent()) {
        return true;
      }
      remember(id, Managed.absent(context, key, keyBytes));
      return false;
    } finally {
      exit();
    }
  }

  @Override
  public <T> Optional<T> findUnique(Class<T> type, String index, Object value) {
    enter();
    try {
      ensureOpen();
      ModelContext<T> context = store.model(type);
      IndexModel unique = context.uniqueIndex(index);
      if (value == null) {
        return Optional.empty();
      }
      byte[] uniqueKey = context.uniqueKey(unique, value);
      flushForQuery();
      byte[] owner = read(uniqueKey);
      if (owner == null) {
        return Optional.empty();
      }
      Object key = context.keys.decodeKey(owner, uniqueKey);
      T entity = load(context, key, context.entityKey(key));
      if (entity == null) {
        Cursor.staleEntry(context, uniqueKey, key);
      }
      return Optional.ofNullable(entity);
    } finally {
      exit();
    }
  }

  @Override
  public <T> Stream<T> find(Class<T> type, String index, Object value) {
    enter();
    try {
      return query(type, index).equalTo(value).stream();
    } finally {
      exit();
    }
  }

  @Override
  public <T> IndexQuery<T> query(Class<T> type, String index) {
    enter();
    try {
      ensureOpen();
      ModelContext<T> context = store.model(type);
      return new IndexQueryImpl<>(this, context, context.index(index));
    } finally {
      exit();
    }
  }

  @Override
  public <T> Stream<T> all(Class<T> type) {
    enter();
    try {
      ensureOpen();
      ModelContext<T> context = store.model(type);
      flushForQuery();
      return stream(new Cursor.Entities<>(this, context, scan(context.keys.entityRange(), Long.MAX_VALUE)));
    } finally {
      exit();
    }
  }

  @Override
  public long count(Class<?> type) {
    enter();
    try {
      ensureOpen();
      ModelContext<?> context = store.model(type);
      flushForQuery();
      return count(context.keys.entityRange(), Long.MAX_VALUE);
    } finally {
      exit();
    }
  }

  /** The entities whose keys in {@code index} lie in {@code range}, in key order. */
  public <T> Stream<T> indexStream(
      ModelContext<T> context, IndexModel index, KeyRange range, long limit) {
    enter();
    try {
      ensureOpen();
      if (limit == 0 || range.isEmpty()) {
        return Stream.empty();
      }
      flushForQuery();
      return stream(
          new Cursor.IndexEntries<>(this, context, index, range, scan(range, limit), limit));
    } finally {
      exit();
    }
  }

  /** How many keys of an index lie in {@code range}, up to {@code limit}. */
  public long indexCount(KeyRange range, long limit) {
    enter();
    try {
      ensureOpen();
      if (limit == 0 || range.isEmpty()) {
        return 0;
      }
      flushForQuery();
      return count(range, limit);
    } finally {
      exit();
    }
  }

  @Override
  public <R extends Repository<?, ?>> R repository(Class<R> type) {
    enter();
    try {
      ensureOpen();
      return Repositories.create(type, this);
    } finally {
      exit();
    }
  }

  private long count(KeyRange range, long limit) {
    long count = 0;
    try (MergedScan scan = scan(range, limit)) {
      while (count < limit && scan.hasNext()) {
        scan.next();
        count++;
      }
    }
    return count;
  }

  private MergedScan scan(KeyRange range, long limit) {
    byte[] start = range.start();
    byte[] end = range.end();
    Collection<Write> overlay = writes.range(start, end).values();
    // The overlay may hide snapshot entries (deletes): fetch a little more when a limit is small.
    long wanted = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit + overlay.size();
    int pageSize = (int) Math.min(store.pageSize(), Math.max(1, wanted));
    return new MergedScan(kv.scan(start, end, pageSize, Long.MAX_VALUE), overlay);
  }

  /** The value at a raw key: this transaction's write, else the snapshot's value; null if none. */
  private byte[] read(byte[] key) {
    Write write = writes.get(key);
    if (write != null && write.op != Op.LOCK) {
      return write.writesValue() ? write.value : null;
    }
    return kv.get(key).orElse(null);
  }

  /**
   * The instance for an entity key met by a scan: the managed one if this transaction has the key,
   * else the decoded value (kept in a read-write transaction so changes to it are saved). Null when
   * this transaction knows the entity gone.
   */
  <T> T entityAt(ModelContext<T> context, byte[] keyBytes, byte[] value) {
    ByteKey id = new ByteKey(keyBytes);
    Managed<T> managed = managedOf(context, id);
    if (managed != null) {
      return managed.isLive() ? managed.entity : null;
    }
    T entity = context.decode(keyBytes, value);
    if (!readOnly) {
      track(id, Managed.loaded(context, context.model.keyOf(entity), keyBytes, value, entity));
    }
    return entity;
  }

  /**
   * Adds an entity read from the snapshot to the identity map. One converted from an older schema
   * version is written back at commit when the store says so (else when it is next changed or
   * saved).
   */
  private <T> void track(ByteKey id, Managed<T> managed) {
    remember(id, managed);
    if (!readOnly && store.writeMigratedOnLoad() && managed.storedIsOlder()) {
      flush(managed, true);
    }
  }

  /** The managed instance for this key, if the transaction has one (live or not). */
  <T> Managed<T> managed(ModelContext<T> context, byte[] keyBytes) {
    return managedOf(context, new ByteKey(keyBytes));
  }

  /** Reads entity values in one round trip per region. */
  Map<byte[], byte[]> batchGet(List<byte[]> keys) {
    return kv.batchGet(keys);
  }

  int pageSize() {
    return store.pageSize();
  }

  boolean isReadOnly() {
    return readOnly;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public <T> T save(T entity) {
    enter();
    try {
      ensureWritable();
      ModelContext<T> context = store.modelOf(entity);
      Object key = context.keyOf(entity);
      ByteKey id = new ByteKey(context.entityKey(key));
      Managed<T> managed = managedOrStored(context, key, id);
      adopt(managed, entity);
      return entity;
    } finally {
      exit();
    }
  }

  @Override
  public <T> T insert(T entity) {
    enter();
    try {
      ensureWritable();
      ModelContext<T> context = store.modelOf(entity);
      Object key = context.keyOf(entity);
      byte[] keyBytes = context.entityKey(key);
      ByteKey id = new ByteKey(keyBytes);
      Managed<T> managed = managedOf(context, id);
      if (managed == null) {
        // No read: the INSERT mutation makes commit fail if the key exists.
        managed = new Managed<>(context, key, keyBytes);
        managed.status = Status.ABSENT;
        managed.storedKnown = false;
        remember(id, managed);
      } else if (managed.isLive()) {
        throw new EntityExistsException(context.model.name(), key);
      }
      adopt(managed, entity);
      return entity;
    } finally {
      exit();
    }
  }

  @Override
  public <T> T update(T entity) {
    enter();
    try {
      ensureWritable();
      ModelContext<T> context = store.modelOf(entity);
      Object key = context.keyOf(entity);
      ByteKey id = new ByteKey(context.entityKey(key));
      Managed<T> managed = managedOrStored(context, key, id);
      if (!managed.isLive()) {
        throw new EntityNotFoundException(context.model.name(), key);
      }
      adopt(managed, entity);
      return entity;
    } finally {
      exit();
    }
  }

  @Override
  public <T> boolean delete(T entity) {
    enter();
    try {
      ensureWritable();
      ModelContext<T> context = store.modelOf(entity);
      Object key = context.keyOf(entity);
      return delete(context, key, context.entityKey(key));
    } finally {
      exit();
    }
  }

  @Override
  public boolean delete(Class<?> type, Object key) {
    enter();
    try {
      ensureWritable();
      ModelContext<?> context = store.model(type);
      return delete(context, key, context.entityKey(key));
    } finally {
      exit();
    }
  }

  private <T> boolean delete(ModelContext<T> context, Object key, byte[] keyBytes) {
    ByteKey id = new ByteKey(keyBytes);
    Managed<T> managed = managedOrStored(context, key, id);
    if (!managed.isLive()) {
      return false;
    }
    if (!managed.storedKnown) {
      // Inserted here without a read. If the key exists, that insert can never commit; say so
      // now rather than turning "insert, then delete" into a delete of the existing entity.
      byte[] stored = kv.get(keyBytes).orElse(null);
      if (stored != null) {
        throw new EntityExistsException(context.model.name(), managed.key);
      }
      managed.storedKnown = true;
    }
    // The index entries to remove are those of the STORED value, whatever the instance holds now.
    // Computed before anything changes: reading them can fail (a value that does not decode),
    // and a caller that catches that must find the entry as it was, not deleted without a write.
    setIndexKeys(managed, new byte[managed.claimed.length][]);
    managed.status = Status.DELETED;
    managed.entity = null;
    writeEntity(managed);
    return true;
  }

  @Override
  public <T> void lock(T entity) {
    enter();
    try {
      ensureWritable();
      ModelContext<T> context = store.modelOf(entity);
      lockedKeys.add(new ByteKey(context.entityKey(context.keyOf(entity))));
    } finally {
      exit();
    }
  }

  /** The entry this transaction has for a key, else one for its stored value, read now. */
  private <T> Managed<T> managedOrStored(ModelContext<T> context, Object key, ByteKey id) {
    Managed<T> managed = managedOf(context, id);
    return managed != null ? managed : readStored(context, key, id);
  }

  /** Reads the stored value of a key this transaction has not seen, and keeps what it found. */
  private <T> Managed<T> readStored(ModelContext<T> context, Object key, ByteKey id) {
    byte[] stored = kv.get(id.bytes).orElse(null);
    Managed<T> managed = new Managed<>(context, key, id.bytes);
    managed.storedKnown = true;
    managed.stored = stored;
    // A value of an older schema version never equals a current encoding: count it as changed.
    managed.flushed = managed.storedIsOlder() ? null : stored;
    // LIVE without an instance only until the caller adopts or deletes it, right after.
    managed.status = stored == null ? Status.ABSENT : Status.LIVE;
    remember(id, managed);
    return managed;
  }

  /** Makes {@code entity} the live instance of {@code managed} and flushes it. */
  private <T> void adopt(Managed<T> managed, T entity) {
    managed.entity = entity;
    managed.status = Status.LIVE;
    try {
      flush(managed, true);
    } catch (RuntimeException | Error e) {
      // The caller may put the instance right and go on: the next flush must try it again,
      // whether or not it records another write.
      watchOrVisit(managed);
      if (managed.changes != null) {
        changes.add(managed);
      }
      throw e;
    }
    watchOrVisit(managed); // after the flush, which marked the instance clean
  }

  // ------------------------------------------------------------------ flush

  private void flushForQuery() {
    if (!readOnly) {
      flushAll();
    }
  }

  /** Adds a key this transaction has not met before to the identity map. */
  private void remember(ByteKey id, Managed<?> managed) {
    identity.put(id, managed);
    if (!readOnly && managed.entity != null) {
      rememberCompared(managed); // loaded: the state later change checks compare with
      watchOrVisit(managed);
    }
  }

  /**
   * Arranges for flushes to see changes of the instance {@code managed} now holds: it reports
   * them itself when it can, else every flush checks it. An entry without an instance needs
   * neither: it is not live, and only {@link #adopt} makes it live.
   */
  private <T> void watchOrVisit(Managed<T> managed) {
    ModelContext<T> context = managed.context;
    if (context.reportsChanges) {
      managed.changes = changes;
    } else if (!managed.visitedAtFlush) {
      managed.visitedAtFlush = true;
      visitedAtFlush.add(managed);
    }
    if (context.tracksWrites) {
      // An entry visited anyway listens too: the report keeps a write seen that another entry's
      // flush of the same instance made clean (see Managed.reported).
      context.access.listen(managed.entity, managed);
    }
  }

  private void flushAll() {
    for (int i = 0, n = visitedAtFlush.size(); i < n; i++) {
      Managed<?> managed = visitedAtFlush.get(i);
      if (managed.isLive()) {
        flush(managed, false);
      }
    }
    while (!changes.isEmpty()) {
      List<Managed<?>> batch = changes.drain();
      for (int i = 0, n = batch.size(); i < n; i++) {
        Managed<?> managed = batch.get(i);
        try {
          if (managed.isLive()) {
            flushReported(managed);
          }
        } catch (RuntimeException | Error e) {
          // The transaction may go on (a query's flush failed, the caller put things right):
          // this entry and the rest stay reported, since they will not report again.
          changes.addAll(batch.subList(i, n));
          throw e;
        }
      }
    }
  }

  /**
   * Brings the write set up to date with a live entity. {@code force}: the instance or status just
   * changed, so recompute even if its encoding did not.
   */
  private <T> void flush(Managed<T> managed, boolean force) {
    flush(managed, force, false);
  }

  /**
   * Flushes an entry whose instance reported a write: encoded whatever its dirty set says now.
   * That set may have been cleared by another entry's flush of the same instance (one whose key
   * was changed and that was saved under the new key), and this entry must still see that its
   * instance no longer matches it.
   */
  private <T> void flushReported(Managed<T> managed) {
    flush(managed, false, true);
  }

  private <T> void flush(Managed<T> managed, boolean force, boolean reported) {
    ModelContext<T> context = managed.context;
    T entity = managed.entity;
    byte[] value;
    if (managed.flushed == null) {
      value = context.codec.encode(entity);
    } else if (!force && !reported && !mayHaveChanged(managed)) {
      return;
    } else {
      value = encodeIfChanged(managed);
      if (value == null) {
        if (!force) {
          markFlushed(managed);
          rememberCompared(managed);
          return;
        }
        value = managed.flushed;
      }
    }
    if (value != managed.flushed) {
      requireSameKey(managed);
    }
    // Index keys first: they can fail (a null component of an indexed record, a stored value
    // that does not decode), and a value taken as flushed before its write is made would pass
    // the next flush as unchanged, never written.
    setIndexKeys(
        managed,
        managed.stored != null && Arrays.equals(value, managed.stored)
            ? null
            : context.indexKeys(entity, managed.key));
    managed.flushed = value;
    writeEntity(managed);
    markFlushed(managed);
    rememberCompared(managed);
  }

  /**
   * Marks an instance clean after a flush, which wraps its collection slots. A collection the
   * application handed in is wrapped too, but the application may keep a reference to it and
   * change it unseen by the wrapper: such an entry is compared at every later flush, as an
   * un-enhanced one is, so the enhancement modes store the same bytes.
   */
  private <T> void markFlushed(Managed<T> managed) {
    ModelContext<T> context = managed.context;
    if (context.tracksWrites
        && !managed.comparesAll
        && context.access.holdsUntrackedCollections(managed.entity)) {
      managed.comparesAll = true;
      if (!managed.visitedAtFlush) {
        managed.visitedAtFlush = true;
        visitedAtFlush.add(managed);
      }
    }
    markClean(managed);
  }

  /**
   * Whether an instance may differ from what was last flushed, without encoding it whole. An
   * instance that records its writes may have changed if it recorded one, or if a field it cannot
   * watch differs from its snapshot of the load or last flush.
   */
  private static <T> boolean mayHaveChanged(Managed<T> managed) {
    ModelContext<T> context = managed.context;
    T entity = managed.entity;
    if (context.tracksWrites) {
      if (managed.reported || managed.comparesAll || context.access.isDirty(entity)) {
        return true;
      }
      return context.comparedFields != null
          && (managed.compared == null || context.comparedFields.changed(entity, managed.compared));
    }
    // A record cannot change unless one of its components is a mutable container.
    return !context.model.isRecord() || context.hasMutableFields;
  }

  private static <T> void rememberCompared(Managed<T> managed) {
    ComparedFields<T> fields = managed.context.comparedFields;
    if (fields != null) {
      managed.compared = fields.snapshot(managed.entity);
    }
  }

  private static <T> void markClean(Managed<T> managed) {
    if (managed.context.tracksWrites) {
      managed.context.access.markClean(managed.entity);
      managed.reported = false;
    }
  }

  private <T> void requireSameKey(Managed<T> managed) {
    Object now = managed.context.model.keyOf(managed.entity);
    byte[] nowBytes = now == null ? null : managed.context.keys.entityKey(now);
    if (!Arrays.equals(nowBytes, managed.keyBytes)) {
      throw new ErgoKvException(
          "The key of an entity of "
              + managed.context.describe()
              + " changed from "
              + managed.key
              + " to "
              + now
              + " while this transaction held it. Keys identify entities and cannot change:"
              + " delete the entity and insert a new one with the new key.");
    }
  }

  /**
   * Records which index keys {@code managed} now has ({@code current}, by index position; null:
   * the same as the stored value), as claims and releases against its stored value.
   */
  private void setIndexKeys(Managed<?> managed, byte[][] current) {
    ModelContext<?> context = managed.context;
    List<IndexModel> indexes = context.model.indexes();
    if (current == null && isEmpty(managed.claimed) && isEmpty(managed.released)) {
      return;
    }
    byte[][] stored = current == null ? null : storedIndexKeys(managed);
    for (IndexModel index : indexes) {
      int i = index.position();
      byte[] now = current == null ? null : current[i];
      byte[] before = stored == null ? null : stored[i];
      boolean same = current == null || Arrays.equals(now, before);
      byte[] claim = same ? null : now;
      byte[] release = same ? null : before;
      if (!Arrays.equals(claim, managed.claimed[i])) {
        if (managed.claimed[i] != null) {
          writes.unclaim(managed.claimed[i], managed);
        }
        if (claim != null) {
          byte[] value =
              index.isUnique()
                  ? context.keys.encodeKey(managed.key)
                  : context.keys.indexEntryValue();
          writes.claim(claim, index, managed, value);
        }
        managed.claimed[i] = claim;
      }
      if (!Arrays.equals(release, managed.released[i])) {
        if (managed.released[i] != null) {
          writes.unrelease(managed.released[i]);
        }
        if (release != null) {
          writes.release(release, index);
        }
        managed.released[i] = release;
      }
    }
  }

  /**
   * The index keys of the stored value of {@code managed}; for a value that does not decode, those
   * a scan of the model's indexes finds pointing at its key (the repair path of delete and save).
   */
  private byte[][] storedIndexKeys(Managed<?> managed) {
    try {
      return managed.storedIndexKeys();
    } catch (CorruptValueException e) {
      CorruptRepair.findStoredIndexKeys(kv, Math.max(store.pageSize(), 1024), managed, e);
      return managed.storedIndexKeys();
    }
  }

  /**
   * The encoding of {@code managed}'s instance if it differs from what was last flushed, else null.
   * A stored value that does not decode (met by save or update without a load) differs from
   * anything the instance holds: writing over it is the repair.
   */
  private static <T> byte[] encodeIfChanged(Managed<T> managed) {
    ModelContext<T> context = managed.context;
    try {
      return context.codec.encodeIfChanged(managed.entity, managed.keyBytes, managed.flushed);
    } catch (CorruptValueException e) {
      if (managed.flushed != managed.stored) {
        throw e;
      }
      return context.codec.encode(managed.entity);
    }
  }

  private static boolean isEmpty(byte[][] keys) {
    for (byte[] key : keys) {
      if (key != null) {
        return false;
      }
    }
    return true;
  }

  /** Sets the write of the entity key from the entity's state. */
  private void writeEntity(Managed<?> managed) {
    switch (managed.status) {
      case LIVE:
        if (managed.stored == null) {
          writes.entity(managed, managed.storedKnown ? Op.PUT : Op.INSERT, managed.flushed);
        } else if (Arrays.equals(managed.flushed, managed.stored)) {
          writes.entity(managed, null, null);
        } else {
          writes.entity(managed, Op.PUT, managed.flushed);
        }
        break;
      case DELETED:
        writes.entity(managed, managed.stored == null ? null : Op.DELETE, null);
        break;
      default:
        writes.entity(managed, null, null);
    }
    if (managed.hasOrphans()) {
      releaseOrphans(managed);
    }
  }

  /**
   * Deletes the index keys of an older stored value that no current index covers, exactly while
   * the entity key is rewritten (a current-version value, or a delete, replaces the old value).
   */
  private void releaseOrphans(Managed<?> managed) {
    Write write = writes.get(managed.keyBytes);
    boolean rewritten = write != null && (write.op == Op.PUT || write.op == Op.DELETE);
    if (rewritten == managed.orphansReleased) {
      return;
    }
    for (IndexKey orphan : managed.orphanIndexKeys()) {
      if (rewritten) {
        writes.release(orphan.key(), orphan.index());
      } else {
        writes.unrelease(orphan.key());
      }
    }
    managed.orphansReleased = rewritten;
  }

  // ------------------------------------------------------------------ end

  @Override
  public void commit() {
    enter();
    try {
      if (runByErgoKv) {
        throw new IllegalStateException(
            "This transaction is run by ErgoKv.transact, which commits it when the work returns");
      }
      finishCommit();
    } finally {
      exit();
    }
  }

  /** Commits a transaction run by {@code ErgoKv.transact}. */
  public void commitRun() {
    enter();
    try {
      finishCommit();
    } finally {
      exit();
    }
  }

  private void finishCommit() {
    ensureOpen();
    closeCursors();
    if (readOnly) {
      end(State.COMMITTED);
      return;
    }
    try {
      if (rollbackOnly != null) {
        throw new RollbackOnlyException(rollbackOnly);
      }
      flushAll();
      Write contested = writes.doubleClaim();
      if (contested != null) {
        throw failures.doubleClaim(contested);
      }
      failures.checkSizes();
      for (Write write : writes.all()) {
        switch (write.op) {
          case PUT:
            kv.put(write.key, write.value);
            break;
          case INSERT:
            kv.insert(write.key, write.value);
            break;
          case DELETE:
            kv.delete(write.key);
            break;
          default:
            kv.lock(write.key);
        }
      }
      for (ByteKey locked : lockedKeys) {
        if (writes.get(locked.bytes) == null) {
          kv.lock(locked.bytes);
        }
      }
      kv.commit();
      end(State.COMMITTED);
    } catch (KeyExistsException e) {
      RuntimeException translated = failures.keyExists(e);
      fail(translated);
      throw translated;
    } catch (WriteConflictException e) {
      WriteConflictException translated = failures.conflict(e);
      fail(translated);
      throw translated;
    } catch (RuntimeException | Error e) {
      fail(e);
      throw e;
    }
  }

  @Override
  public void rollback() {
    enter();
    try {
      if (runByErgoKv) {
        throw new IllegalStateException(
            "This transaction is run by ErgoKv.transact: throw from the work to roll it back");
      }
      if (state == State.OPEN) {
        end(State.ROLLED_BACK);
      }
    } finally {
      exit();
    }
  }

  /** Rolls back a transaction run by {@code ErgoKv.transact} after its work failed. */
  public void rollbackRun(Throwable cause) {
    enter();
    try {
      if (state == State.OPEN) {
        try {
          end(State.ROLLED_BACK);
        } catch (RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
    } finally {
      exit();
    }
  }

  /** Marks this transaction as run by {@code ErgoKv.transact}/{@code read}, which ends it. */
  public void runByErgoKv() {
    this.runByErgoKv = true;
  }

  @Override
  public void close() {
    enter();
    try {
      if (state == State.OPEN) {
        end(State.ROLLED_BACK);
      }
    } finally {
      exit();
    }
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  private void end(State end) {
    state = end;
    changes.close();
    closeCursors();
    if (end == State.COMMITTED) {
      kv.close();
    } else {
      try {
        kv.rollback();
      } finally {
        kv.close();
      }
    }
  }

  private void fail(Throwable cause) {
    if (state != State.OPEN) {
      return;
    }
    state = State.FAILED;
    changes.close();
    closeCursors();
    try {
      kv.rollback();
      kv.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  // ------------------------------------------------------------------ scope

  @Override
  public Store store() {
    return store;
  }

  @Override
  public <R> R read(Function<Session, R> work) {
    enter();
    try {
      ensureOpen();
      return work.apply(this);
    } finally {
      exit();
    }
  }

  @Override
  public <R> R write(Function<Session, R> work) {
    enter();
    try {
      ensureWritable();
      return work.apply(this);
    } finally {
      exit();
    }
  }

  @Override
  public <T> Stream<T> stream(Function<Session, Stream<T>> work) {
    enter();
    try {
      ensureOpen();
      return work.apply(this);
    } finally {
      exit();
    }
  }

  // ------------------------------------------------------------------ helpers

  private <T> Stream<T> stream(Cursor<T> cursor) {
    cursors.add(cursor);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                cursor, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(cursor::close);
  }

  void forget(Cursor<?> cursor) {
    cursors.remove(cursor);
    if (closeWithCursors && cursors.isEmpty()) {
      close();
    }
  }

  /**
   * Ends this (read-only) transaction as soon as its last stream is used up or closed: for a
   * stream returned outside any transaction, which owns the transaction it reads from.
   */
  public void onCursorsEnd() {
    closeWithCursors = true;
    if (cursors.isEmpty()) {
      close();
    }
  }

  private void closeCursors() {
    for (Cursor<?> cursor : new ArrayList<>(cursors)) {
      cursor.close();
    }
    cursors.clear();
  }

  @SuppressWarnings("unchecked")
  private <T> Managed<T> managedOf(ModelContext<T> context, ByteKey id) {
    Managed<?> managed = identity.get(id);
    if (managed != null && managed.context != context) {
      throw new IllegalArgumentException(
          "Key "
              + managed.key
              + " of model '"
              + context.model.name()
              + "' is already used in this transaction through "
              + managed.context.type().getName()
              + "; one transaction uses one class per model");
    }
    return (Managed<T>) managed;
  }

  /**
   * Enters a call: this thread becomes the caller, or is one already (a nested call).
   *
   * @throws IllegalStateException naming both threads when another thread is inside a call
   */
  void enter() {
    Thread me = Thread.currentThread();
    if (caller.get() == me) {
      depth++;
      return;
    }
    if (!caller.compareAndSet(null, me)) {
      Thread other = caller.get();
      throw new IllegalStateException(
          "This transaction is in use by thread \""
              + (other == null ? "?" : other.getName())
              + "\" and cannot be used by thread \""
              + me.getName()
              + "\" at the same time: a transaction is used by one thread at a time (entity fields"
              + " may be changed from several threads). Give each thread its own transaction, or"
              + " hand this one over when the other thread is done with it");
    }
    depth = 1;
  }

  /** Leaves a call entered by {@link #enter}. */
  void exit() {
    if (--depth == 0) {
      caller.set(null);
    }
  }

  /**
   * Marks this unit of work rollback-only: nested work that joined it failed. Commit then rolls
   * back and throws {@link RollbackOnlyException}, even if the outer work caught the failure.
   */
  public void markRollbackOnly(Throwable failure) {
    if (rollbackOnly == null) {
      rollbackOnly = failure;
    }
  }

  void ensureOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "This transaction has ended ("
              + state.name().toLowerCase().replace('_', ' ')
              + "); begin a new one");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new IllegalStateException(
          "This is a read-only transaction (ErgoKv.read or beginRead): write in ErgoKv.transact"
              + " or a transaction from ErgoKv.begin()");
    }
  }

  /** How many keys the identity map holds (for tests of bounded memory). */
  public int managedCount() {
    return identity.size();
  }

  @Override
  public String toString() {
    return "Session[" + (readOnly ? "read-only, " : "") + state + ", " + identity.size() + " keys]";
  }
}
