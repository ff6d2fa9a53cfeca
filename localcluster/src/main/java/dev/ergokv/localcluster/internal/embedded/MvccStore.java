package dev.ergokv.localcluster.internal.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * Percolator storage with TiKV's semantics, in memory. Two sorted maps play TiKV's column
 * families: {@link #locks} is CF_LOCK, {@link #writes} is CF_WRITE with the values inlined (TiKV's
 * "short value"; CF_DEFAULT is not needed in memory).
 *
 * <p>Write commands run under {@link Latches} on all their keys and are all-or-nothing per request:
 * they check everything first, collect their changes in a {@link Changes}, and apply them only if
 * nothing failed. Reads take no latch. Changes are applied write records first, then locks, and
 * readers look at the lock before the write records, so a reader never misses a commit: it sees
 * either the lock (and resolves it) or the write record.
 *
 * <p>Keys are user keys as the client sends them; timestamps are unsigned.
 */
// The latch guards are held for their try block's scope and never referenced inside it.
@SuppressWarnings("try")
final class MvccStore {

  /** The lock types of CF_LOCK. */
  enum LockKind {
    PUT(Kvrpcpb.Op.Put),
    DELETE(Kvrpcpb.Op.Del),
    LOCK(Kvrpcpb.Op.Lock),
    PESSIMISTIC(Kvrpcpb.Op.PessimisticLock);

    final Kvrpcpb.Op op;

    LockKind(Kvrpcpb.Op op) {
      this.op = op;
    }
  }

  /** The record types of CF_WRITE. */
  enum WriteKind {
    PUT(Kvrpcpb.Op.Put),
    DELETE(Kvrpcpb.Op.Del),
    LOCK(Kvrpcpb.Op.Lock),
    ROLLBACK(Kvrpcpb.Op.Rollback);

    final Kvrpcpb.Op op;

    WriteKind(Kvrpcpb.Op op) {
      this.op = op;
    }
  }

  /** A lock in CF_LOCK. Immutable. */
  static final class Lock {
    final LockKind kind;
    final byte[] primary;
    final long startTs;
    final long ttl;
    final byte[] value;
    final long forUpdateTs;
    final long txnSize;
    final long minCommitTs;

    Lock(LockKind kind, byte[] primary, long startTs, long ttl, byte[] value, long forUpdateTs, long txnSize, long minCommitTs) {
      this.kind = kind;
      this.primary = primary;
      this.startTs = startTs;
      this.ttl = ttl;
      this.value = value;
      this.forUpdateTs = forUpdateTs;
      this.txnSize = txnSize;
      this.minCommitTs = minCommitTs;
    }

    Lock withTtl(long newTtl) {
      return new Lock(kind, primary, startTs, newTtl, value, forUpdateTs, txnSize, minCommitTs);
    }

    Lock withMinCommitTs(long newMinCommitTs) {
      return new Lock(kind, primary, startTs, ttl, value, forUpdateTs, txnSize, newMinCommitTs);
    }

    boolean expiredAt(long currentTs) {
      return Timestamps.physical(startTs) + ttl < Timestamps.physical(currentTs);
    }

    Kvrpcpb.LockInfo info(byte[] key) {
      return Kvrpcpb.LockInfo.newBuilder()
          .setPrimaryLock(ByteString.copyFrom(primary))
          .setLockVersion(startTs)
          .setKey(ByteString.copyFrom(key))
          .setLockTtl(ttl)
          .setTxnSize(txnSize)
          .setLockType(kind.op)
          .setLockForUpdateTs(forUpdateTs)
          .setMinCommitTs(minCommitTs)
          .build();
    }
  }

  /** A record in CF_WRITE, keyed by its commit ts. Immutable. */
  static final class Write {
    final WriteKind kind;
    final long startTs;
    final long commitTs;
    final byte[] value;
    final boolean overlappedRollback;

    Write(WriteKind kind, long startTs, long commitTs, byte[] value, boolean overlappedRollback) {
      this.kind = kind;
      this.startTs = startTs;
      this.commitTs = commitTs;
      this.value = value;
      this.overlappedRollback = overlappedRollback;
    }

    static Write rollback(long startTs) {
      return new Write(WriteKind.ROLLBACK, startTs, startTs, null, false);
    }

    Write withOverlappedRollback() {
      return new Write(kind, startTs, commitTs, value, true);
    }

    /** Whether this record says that the transaction started at {@code ts} was rolled back. */
    boolean rollsBack(long ts) {
      return commitTs == ts && (kind == WriteKind.ROLLBACK || overlappedRollback);
    }
  }

  /** What a read may ignore: resolved transactions (context.resolved_locks), or all locks (RC). */
  static final class ReadOptions {
    static final ReadOptions SNAPSHOT = new ReadOptions(Set.of(), false);

    final Set<Long> bypassLocks;
    final boolean ignoreLocks;

    ReadOptions(Set<Long> bypassLocks, boolean ignoreLocks) {
      this.bypassLocks = bypassLocks;
      this.ignoreLocks = ignoreLocks;
    }
  }

  /** The outcome of a pessimistic lock request: errors, or the values asked for. */
  static final class PessimisticResult {
    final List<Kvrpcpb.KeyError> errors;
    final List<byte[]> values;

    PessimisticResult(List<Kvrpcpb.KeyError> errors, List<byte[]> values) {
      this.errors = errors;
      this.values = values;
    }
  }

  /**
   * The CF_WRITE records of one key, newest commit first. A sorted map, so that a hot key with a
   * long history still costs O(log n) per commit and read.
   */
  static final class Versions {
    static final Versions NONE = new Versions();

    private final ConcurrentSkipListMap<Long, Write> byCommitTs =
        new ConcurrentSkipListMap<>((a, b) -> Long.compareUnsigned(b, a));

    Write newest() {
      Map.Entry<Long, Write> e = byCommitTs.firstEntry();
      return e == null ? null : e.getValue();
    }

    /** Records committed at or before {@code ts}, newest first. */
    Iterable<Write> atOrBefore(long ts) {
      return byCommitTs.tailMap(ts, true).values();
    }

    /** Records committed at or after {@code ts}, newest first. */
    Iterable<Write> atOrAfter(long ts) {
      return byCommitTs.headMap(ts, true).values();
    }

    Iterable<Write> all() {
      return byCommitTs.values();
    }

    /** Adds a record; one landing on another transaction's rollback keeps the rollback's meaning. */
    void add(Write write) {
      byCommitTs.merge(
          write.commitTs,
          write,
          (existing, incoming) ->
              existing.startTs != incoming.startTs && existing.kind == WriteKind.ROLLBACK
                  ? incoming.withOverlappedRollback()
                  : incoming);
    }
  }

  private final ConcurrentSkipListMap<byte[], Lock> locks = new ConcurrentSkipListMap<>(Bytes.ORDER);
  private final ConcurrentSkipListMap<byte[], Versions> writes = new ConcurrentSkipListMap<>(Bytes.ORDER);
  private final Latches latches = new Latches(1024);

  /**
   * TiKV's concurrency-manager {@code max_ts}: the highest timestamp any read (or status check)
   * has used. A 1PC commit takes its commit ts above it, so no earlier reader can have missed it.
   */
  private final AtomicLong maxTs = new AtomicLong();

  /**
   * Orders snapshot reads against 1PC commits. TiKV holds in-memory locks on a 1PC
   * transaction's keys from the moment it reads {@code max_ts} until its writes are applied, and a
   * reader checks them after raising {@code max_ts}. Here a read raises {@code max_ts} and reads
   * under the shared side, a 1PC commit picks its commit ts and applies under the exclusive side:
   * a reader either comes first (and the commit ts lands above its ts) or sees the commit.
   */
  private final ReentrantReadWriteLock onePcGate = new ReentrantReadWriteLock();

  // ---------------------------------------------------------------------------------------------
  // max_ts

  /** Raises {@code max_ts} to {@code ts}; {@code u64::MAX} (a "latest" read) is ignored, as in TiKV. */
  void observeTs(long ts) {
    if (Timestamps.isMax(ts)) {
      return;
    }
    maxTs.accumulateAndGet(ts, (current, seen) -> Timestamps.compare(seen, current) > 0 ? seen : current);
  }

  /** The current {@code max_ts}. */
  long maxTs() {
    return maxTs.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /**
   * The value visible at {@code ts}, or null if none.
   *
   * @throws KeyErrorException (locked) if a lock of an older, unresolved transaction may hide it
   */
  byte[] get(byte[] key, long ts, ReadOptions options) {
    ReentrantReadWriteLock.ReadLock gate = onePcGate.readLock();
    gate.lock();
    try {
      observeTs(ts);
      return read(key, ts, options);
    } finally {
      gate.unlock();
    }
  }

  private byte[] read(byte[] key, long ts, ReadOptions options) {
    Lock lock = locks.get(key);
    if (lock != null && blocksRead(lock, key, ts, options)) {
      throw KeyErrors.locked(lock.info(key));
    }
    return visibleValue(key, ts);
  }

  /** Pairs for the keys that have a value at {@code ts}; locked keys become error pairs. */
  List<Kvrpcpb.KvPair> batchGet(List<byte[]> keys, long ts, ReadOptions options) {
    List<Kvrpcpb.KvPair> out = new ArrayList<>(keys.size());
    ReentrantReadWriteLock.ReadLock gate = onePcGate.readLock();
    gate.lock();
    try {
      observeTs(ts);
      for (byte[] key : keys) {
        try {
          byte[] value = read(key, ts, options);
          if (value != null) {
            out.add(pair(key, value, false));
          }
        } catch (KeyErrorException e) {
          out.add(Kvrpcpb.KvPair.newBuilder().setError(e.error()).build());
        }
      }
    } finally {
      gate.unlock();
    }
    return out;
  }

  /**
   * Up to {@code limit} rows of the range [lower, upper) (empty upper = unbounded) as seen at
   * {@code ts}, ascending or (reverse) descending. A key hidden by a lock counts as a row and comes
   * back as an error pair, as in TiKV's scanner, so a full page always means "more may follow".
   */
  List<Kvrpcpb.KvPair> scan(
      byte[] lower, byte[] upper, int limit, boolean keyOnly, boolean reverse, long ts, ReadOptions options) {
    ReentrantReadWriteLock.ReadLock gate = onePcGate.readLock();
    gate.lock();
    try {
      observeTs(ts);
      return scanRange(lower, upper, limit, keyOnly, reverse, ts, options);
    } finally {
      gate.unlock();
    }
  }

  private List<Kvrpcpb.KvPair> scanRange(
      byte[] lower, byte[] upper, int limit, boolean keyOnly, boolean reverse, long ts, ReadOptions options) {
    List<Kvrpcpb.KvPair> out = new ArrayList<>(Math.min(limit, 1024));
    if (limit <= 0) {
      return out;
    }
    NavigableMap<byte[], Versions> data = range(writes, lower, upper, reverse);
    NavigableMap<byte[], Lock> lockRange = range(locks, lower, upper, reverse);
    Iterator<Map.Entry<byte[], Versions>> dataIt = data.entrySet().iterator();
    Iterator<Map.Entry<byte[], Lock>> lockIt = lockRange.entrySet().iterator();
    Map.Entry<byte[], Versions> nextData = dataIt.hasNext() ? dataIt.next() : null;
    Map.Entry<byte[], Lock> nextLock = lockIt.hasNext() ? lockIt.next() : null;
    while ((nextData != null || nextLock != null) && out.size() < limit) {
      int order;
      if (nextData == null) {
        order = 1;
      } else if (nextLock == null) {
        order = -1;
      } else {
        order = Bytes.compare(nextData.getKey(), nextLock.getKey());
        if (reverse) {
          order = -order;
        }
      }
      byte[] key = order <= 0 ? nextData.getKey() : nextLock.getKey();
      Lock lock = order >= 0 ? nextLock.getValue() : null;
      Versions versions = order <= 0 ? nextData.getValue() : null;
      if (order <= 0) {
        nextData = dataIt.hasNext() ? dataIt.next() : null;
      }
      if (order >= 0) {
        nextLock = lockIt.hasNext() ? lockIt.next() : null;
      }
      if (lock != null && blocksRead(lock, key, ts, options)) {
        out.add(Kvrpcpb.KvPair.newBuilder().setError(KeyErrors.locked(lock.info(key)).error()).build());
        continue;
      }
      if (versions == null) {
        versions = versions(key);
      }
      byte[] value = visibleValue(versions, ts);
      if (value != null) {
        out.add(pair(key, value, keyOnly));
      }
    }
    return out;
  }

  /** Locks in [lower, upper) with start ts at most {@code maxVersion}, at most {@code limit}. */
  List<Kvrpcpb.LockInfo> scanLocks(byte[] lower, byte[] upper, long maxVersion, int limit) {
    observeTs(maxVersion);
    List<Kvrpcpb.LockInfo> out = new ArrayList<>();
    for (Map.Entry<byte[], Lock> e : range(locks, lower, upper, false).entrySet()) {
      if (Timestamps.compare(e.getValue().startTs, maxVersion) <= 0) {
        out.add(e.getValue().info(e.getKey()));
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** Everything stored for a key, as TiKV's MvccGetByKey debug call shows it. */
  Kvrpcpb.MvccInfo mvccInfo(byte[] key) {
    Kvrpcpb.MvccInfo.Builder info = Kvrpcpb.MvccInfo.newBuilder();
    Lock lock = locks.get(key);
    if (lock != null) {
      Kvrpcpb.MvccLock.Builder l =
          Kvrpcpb.MvccLock.newBuilder()
              .setType(lock.kind.op)
              .setStartTs(lock.startTs)
              .setPrimary(ByteString.copyFrom(lock.primary))
              .setTtl(lock.ttl)
              .setForUpdateTs(lock.forUpdateTs)
              .setTxnSize(lock.txnSize);
      if (lock.value != null) {
        l.setShortValue(ByteString.copyFrom(lock.value));
      }
      info.setLock(l);
    }
    for (Write w : versions(key).all()) {
      Kvrpcpb.MvccWrite.Builder mw =
          Kvrpcpb.MvccWrite.newBuilder()
              .setType(w.kind.op)
              .setStartTs(w.startTs)
              .setCommitTs(w.commitTs)
              .setHasOverlappedRollback(w.overlappedRollback);
      if (w.value != null) {
        mw.setShortValue(ByteString.copyFrom(w.value));
      }
      info.addWrites(mw);
    }
    return info.build();
  }

  /** Keys that hold a lock, in key order. */
  List<byte[]> lockedKeys() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] key : locks.keySet()) {
      out.add(key.clone());
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Write commands

  /** What a prewrite request achieved: key errors, or (1PC) the commit ts it committed at. */
  static final class PrewriteResult {
    static final PrewriteResult LOCKED = new PrewriteResult(List.of(), 0);

    final List<Kvrpcpb.KeyError> errors;
    /** The 1PC commit ts; 0 when the request was not committed in one phase. */
    final long onePcCommitTs;

    private PrewriteResult(List<Kvrpcpb.KeyError> errors, long onePcCommitTs) {
      this.errors = errors;
      this.onePcCommitTs = onePcCommitTs;
    }

    static PrewriteResult failed(List<Kvrpcpb.KeyError> errors) {
      return new PrewriteResult(errors, 0);
    }

    static PrewriteResult onePc(long commitTs) {
      return new PrewriteResult(List.of(), commitTs);
    }
  }

  /**
   * Prewrites the mutations of one request, all or nothing. Locks of other transactions are
   * collected for every key (the client resolves them all); any other error stops at once.
   *
   * <p>With {@code try_one_pc}, a request whose every mutation passes is committed at once,
   * without locks, at a commit ts above {@code max_ts} (TiKV's 1PC). It falls back to ordinary
   * locks, answering {@code one_pc_commit_ts = 0}, when that commit ts would exceed a non-zero
   * {@code max_commit_ts} or when a key already holds this transaction's 2PC lock (a repeated
   * request after a fallback). {@code use_async_commit} alone is still answered with 2PC locks.
   *
   * <p>A request whose key meets a newer write or another lock, but whose transaction has already
   * committed that key, succeeds without writing anything (TiKV's check for a retried prewrite);
   * a 1PC request then answers the commit ts it committed at.
   */
  PrewriteResult prewrite(Kvrpcpb.PrewriteRequest req) {
    List<byte[]> keys = new ArrayList<>(req.getMutationsCount());
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      keys.add(m.getKey().toByteArray());
    }
    long startTs = req.getStartVersion();
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      List<Kvrpcpb.KeyError> lockErrors = new ArrayList<>();
      boolean onePc = req.getTryOnePc();
      for (int i = 0; i < keys.size(); i++) {
        boolean pessimisticLock =
            req.getForUpdateTs() != 0 && i < req.getIsPessimisticLockCount() && req.getIsPessimisticLock(i);
        try {
          if (prewriteOne(changes, req, req.getMutations(i), keys.get(i), pessimisticLock)) {
            onePc = false; // TiKV: an existing 2PC lock of this transaction means 2PC from here on
          }
        } catch (KeyErrorException e) {
          if (e.isLocked() || e.error().hasConflict()) {
            CommitRecord record = commitRecord(keys.get(i), startTs);
            if (record.isCommitted() && (e.isLocked() || Timestamps.compare(e.error().getConflict().getConflictCommitTs(), startTs) > 0)) {
              return req.getTryOnePc() ? PrewriteResult.onePc(record.write.commitTs) : PrewriteResult.LOCKED;
            }
          }
          if (!e.isLocked()) {
            return PrewriteResult.failed(List.of(e.error()));
          }
          lockErrors.add(e.error());
        }
      }
      if (!lockErrors.isEmpty()) {
        return PrewriteResult.failed(lockErrors);
      }
      if (!onePc) {
        changes.apply();
        return PrewriteResult.LOCKED;
      }
      ReentrantReadWriteLock.WriteLock gate = onePcGate.writeLock();
      gate.lock();
      try {
        long commitTs = onePcCommitTs(req, changes);
        long maxCommitTs = req.getMaxCommitTs();
        if (maxCommitTs != 0 && Timestamps.compare(commitTs, maxCommitTs) > 0) {
          changes.apply(); // CommitTsTooLarge: TiKV falls back to ordinary 2PC locks
          return PrewriteResult.LOCKED;
        }
        changes.commitLocks(startTs, commitTs);
        changes.apply();
        return PrewriteResult.onePc(commitTs);
      } finally {
        gate.unlock();
      }
    }
  }

  /**
   * TiKV's {@code async_commit_timestamps}: above {@code max_ts}, the start ts and the
   * for-update ts, and at least every lock's requested {@code min_commit_ts}.
   */
  private long onePcCommitTs(Kvrpcpb.PrewriteRequest req, Changes changes) {
    long floor = maxTs.get();
    if (Timestamps.compare(req.getStartVersion(), floor) > 0) {
      floor = req.getStartVersion();
    }
    if (Timestamps.compare(req.getForUpdateTs(), floor) > 0) {
      floor = req.getForUpdateTs();
    }
    long commitTs = floor + 1;
    for (Lock lock : changes.lockPuts) {
      if (lock != null && Timestamps.compare(lock.minCommitTs, commitTs) > 0) {
        commitTs = lock.minCommitTs;
      }
    }
    return commitTs;
  }

  /** Prewrites one key into {@code changes}; true if this transaction's lock was already there. */
  private boolean prewriteOne(
      Changes changes, Kvrpcpb.PrewriteRequest req, Kvrpcpb.Mutation m, byte[] key, boolean pessimisticLock) {
    long startTs = req.getStartVersion();
    boolean pessimisticTxn = req.getForUpdateTs() != 0;
    byte[] primary = req.getPrimaryLock().toByteArray();
    LockKind kind;
    boolean shouldNotExist = false;
    boolean shouldNotWrite = false;
    switch (m.getOp()) {
      case Put:
        kind = LockKind.PUT;
        break;
      case Del:
        kind = LockKind.DELETE;
        break;
      case Lock:
        kind = LockKind.LOCK;
        break;
      case Insert:
        kind = LockKind.PUT;
        shouldNotExist = true;
        break;
      case CheckNotExists:
        if (pessimisticTxn) {
          throw KeyErrors.abort("cannot handle checkNotExists in pessimistic prewrite");
        }
        kind = LockKind.LOCK;
        shouldNotExist = true;
        shouldNotWrite = true;
        break;
      default:
        throw KeyErrors.abort("invalid op " + m.getOp() + " in prewrite of key " + Bytes.readable(key));
    }
    long ttl = req.getLockTtl();
    long minCommitTs = req.getMinCommitTs();

    boolean amended = false;
    Lock existing = locks.get(key);
    if (existing != null) {
      if (existing.startTs != startTs) {
        if (pessimisticLock) {
          throw pessimisticLockNotFound(startTs, key);
        }
        Kvrpcpb.LockInfo info = existing.info(key);
        if (pessimisticTxn) {
          // TiKV asks the pessimistic writer to resolve such locks at once (TTL 0 protocol).
          info = info.toBuilder().setLockTtl(0).build();
        }
        throw KeyErrors.locked(info);
      }
      if (existing.kind != LockKind.PESSIMISTIC) {
        return true; // a repeated prewrite: the lock and its value are already there
      }
      if (!pessimisticTxn) {
        throw KeyErrors.abort(
            "LockTypeNotMatch { start_ts: " + Long.toUnsignedString(startTs)
                + ", key: " + Bytes.readable(key) + ", pessimistic: true }");
      }
      ttl = Math.max(ttl, existing.ttl);
      minCommitTs = Math.max(minCommitTs, existing.minCommitTs);
    } else if (pessimisticLock) {
      // The pessimistic lock got lost; fine as long as nobody wrote the key since we started.
      Write newest = newest(key);
      if (newest != null && Timestamps.compare(newest.commitTs, startTs) >= 0) {
        throw pessimisticLockNotFound(startTs, key);
      }
      amended = true;
    }

    boolean skipConstraintCheck = pessimisticTxn || req.getSkipConstraintCheck();
    if (!skipConstraintCheck) {
      Write newest = newest(key);
      if (newest != null) {
        if (Timestamps.compare(newest.commitTs, startTs) > 0 || newest.rollsBack(startTs)) {
          throw KeyErrors.writeConflict(startTs, newest.startTs, newest.commitTs, key, primary, "Optimistic");
        }
        checkNotExists(shouldNotExist, newest, key);
      }
    }
    Kvrpcpb.AssertionLevel level = req.getAssertionLevel();
    if (!amended
        && m.getAssertion() != Kvrpcpb.Assertion.None
        && level != Kvrpcpb.AssertionLevel.Off
        && (!skipConstraintCheck || level == Kvrpcpb.AssertionLevel.Strict)) {
      checkAssertion(startTs, key, m.getAssertion());
    }
    if (shouldNotWrite) {
      return false;
    }
    byte[] value = kind == LockKind.PUT ? m.getValue().toByteArray() : null;
    changes.putLock(
        key, new Lock(kind, primary, startTs, ttl, value, req.getForUpdateTs(), req.getTxnSize(), minCommitTs));
    return false;
  }

  private void checkAssertion(long startTs, byte[] key, Kvrpcpb.Assertion assertion) {
    Write latest = latestData(versions(key), Timestamps.MAX);
    boolean exists = latest != null && latest.kind == WriteKind.PUT;
    if (assertion == Kvrpcpb.Assertion.Exist && !exists) {
      throw KeyErrors.assertionFailed(
          startTs, key, assertion, latest == null ? 0 : latest.startTs, latest == null ? 0 : latest.commitTs);
    }
    if (assertion == Kvrpcpb.Assertion.NotExist && exists) {
      throw KeyErrors.assertionFailed(startTs, key, assertion, latest.startTs, latest.commitTs);
    }
  }

  /** Commits the locks of one transaction on these keys, all or nothing. Null means success. */
  Kvrpcpb.KeyError commit(List<byte[]> keys, long startTs, long commitTs) {
    if (Timestamps.compare(commitTs, startTs) <= 0) {
      return invalidTxnTso(startTs, commitTs).error();
    }
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      for (byte[] key : keys) {
        commitOne(changes, key, startTs, commitTs);
      }
      changes.apply();
      return null;
    } catch (KeyErrorException e) {
      return e.error();
    }
  }

  private void commitOne(Changes changes, byte[] key, long startTs, long commitTs) {
    Lock lock = locks.get(key);
    if (lock != null && lock.startTs == startTs) {
      if (Timestamps.compare(commitTs, lock.minCommitTs) < 0) {
        throw KeyErrors.commitTsExpired(startTs, commitTs, key, lock.minCommitTs);
      }
      changes.putWrite(key, new Write(writeKindOf(lock.kind), startTs, commitTs, lock.value, false));
      changes.removeLock(key, lock);
      return;
    }
    CommitRecord record = commitRecord(key, startTs);
    if (record.isCommitted()) {
      return; // committed before: commit is idempotent
    }
    throw KeyErrors.txnLockNotFound(startTs, commitTs, key);
  }

  /** Rolls back one transaction on these keys (KvBatchRollback), all or nothing. */
  Kvrpcpb.KeyError rollback(List<byte[]> keys, long startTs) {
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      for (byte[] key : keys) {
        cleanupOne(changes, key, startTs, 0);
      }
      changes.apply();
      return null;
    } catch (KeyErrorException e) {
      return e.error();
    }
  }

  /**
   * KvCleanup: rolls back the transaction's lock on a key if it expired by {@code currentTs} (0 =
   * regardless of TTL).
   *
   * @throws KeyErrorException locked if the lock is still alive, or "committed" (with the commit
   *     ts) if the transaction committed
   */
  void cleanup(byte[] key, long startTs, long currentTs) {
    // As TiKV: a later 1PC commit must not land on the rollback record written here.
    observeTs(startTs);
    try (Latches.Guard guard = latches.acquire(List.of(key))) {
      Changes changes = new Changes();
      cleanupOne(changes, key, startTs, currentTs);
      changes.apply();
    }
  }

  private void cleanupOne(Changes changes, byte[] key, long startTs, long currentTs) {
    Lock lock = locks.get(key);
    if (lock != null && lock.startTs == startTs) {
      if (currentTs != 0 && !lock.expiredAt(currentTs)) {
        throw KeyErrors.locked(lock.info(key));
      }
      rollbackLock(changes, key, lock);
      return;
    }
    CommitRecord record = commitRecord(key, startTs);
    if (record.isCommitted()) {
      throw KeyErrors.committed(startTs, record.write.commitTs, key);
    }
    if (record.isRolledBack()) {
      return;
    }
    writeRollback(changes, key, startTs, record.overlapped);
  }

  private void rollbackLock(Changes changes, byte[] key, Lock lock) {
    CommitRecord record = commitRecord(key, lock.startTs);
    if (record.isCommitted()) {
      throw new IllegalStateException(
          "transaction " + Long.toUnsignedString(lock.startTs) + " holds a lock on key "
              + Bytes.readable(key) + " but is also committed");
    }
    if (!record.isRolledBack()) {
      writeRollback(changes, key, lock.startTs, record.overlapped);
    }
    changes.removeLock(key, lock);
  }

  private static void writeRollback(Changes changes, byte[] key, long startTs, Write overlapped) {
    if (overlapped != null) {
      // Another transaction committed at exactly our start ts; flag its record instead.
      changes.putWrite(key, overlapped.withOverlappedRollback());
    } else {
      changes.putWrite(key, Write.rollback(startTs));
    }
  }

  /** KvCheckTxnStatus on the primary key: TTL expiry, min_commit_ts push, or the final outcome. */
  Kvrpcpb.CheckTxnStatusResponse checkTxnStatus(Kvrpcpb.CheckTxnStatusRequest req) {
    byte[] primary = req.getPrimaryKey().toByteArray();
    long lockTs = req.getLockTs();
    long callerStartTs = req.getCallerStartTs();
    long currentTs = req.getCurrentTs();
    observeTs(lockTs);
    observeTs(currentTs);
    observeTs(callerStartTs);
    Kvrpcpb.CheckTxnStatusResponse.Builder resp = Kvrpcpb.CheckTxnStatusResponse.newBuilder();
    try (Latches.Guard guard = latches.acquire(List.of(primary))) {
      Changes changes = new Changes();
      Lock lock = locks.get(primary);
      if (lock != null && lock.startTs == lockTs) {
        if (lock.expiredAt(currentTs)) {
          if (req.getResolvingPessimisticLock() && lock.kind == LockKind.PESSIMISTIC) {
            changes.removeLock(primary, lock);
            resp.setAction(Kvrpcpb.Action.TTLExpirePessimisticRollback);
          } else {
            rollbackLock(changes, primary, lock);
            resp.setAction(Kvrpcpb.Action.TTLExpireRollback);
          }
          changes.apply();
          return resp.build();
        }
        Lock current = lock;
        if (lock.minCommitTs != 0
            && !Timestamps.isMax(callerStartTs)
            && Timestamps.compare(callerStartTs, lock.minCommitTs) >= 0) {
          // Push the commit ts past the reader, so that the reader may ignore this lock.
          long pushed = callerStartTs + 1;
          if (Timestamps.compare(pushed, currentTs) < 0) {
            pushed = currentTs;
          }
          current = lock.withMinCommitTs(pushed);
          changes.putLock(primary, current);
        }
        boolean minCommitTsPushed =
            (callerStartTs != 0 && Timestamps.compare(current.minCommitTs, callerStartTs) > 0)
                || Timestamps.isMax(callerStartTs);
        changes.apply();
        return resp.setLockTtl(current.ttl)
            .setAction(minCommitTsPushed ? Kvrpcpb.Action.MinCommitTSPushed : Kvrpcpb.Action.NoAction)
            .setLockInfo(current.info(primary))
            .build();
      }
      CommitRecord record = commitRecord(primary, lockTs);
      if (record.isCommitted()) {
        return resp.setCommitVersion(record.write.commitTs).build();
      }
      if (record.isRolledBack()) {
        return resp.build();
      }
      if (!req.getRollbackIfNotExist()) {
        return resp.setError(KeyErrors.txnNotFound(lockTs, primary).error()).build();
      }
      if (req.getResolvingPessimisticLock()) {
        return resp.setAction(Kvrpcpb.Action.LockNotExistDoNothing).build();
      }
      // Leave a rollback record so that a late prewrite of this transaction fails.
      writeRollback(changes, primary, lockTs, record.overlapped);
      changes.apply();
      return resp.setAction(Kvrpcpb.Action.LockNotExistRollback).build();
    }
  }

  /**
   * KvResolveLock for given keys (one transaction): commit them at {@code commitTs}, or roll them
   * back when it is 0.
   */
  Kvrpcpb.KeyError resolveKeys(List<byte[]> keys, long startTs, long commitTs) {
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      for (byte[] key : keys) {
        if (commitTs == 0) {
          cleanupOne(changes, key, startTs, 0);
        } else {
          commitOne(changes, key, startTs, commitTs);
        }
      }
      changes.apply();
      return null;
    } catch (KeyErrorException e) {
      return e.error();
    }
  }

  /**
   * KvResolveLock without keys: every lock in [lower, upper) of the given transactions is
   * committed (status = commit ts) or rolled back (status = 0).
   */
  Kvrpcpb.KeyError resolveRange(byte[] lower, byte[] upper, Map<Long, Long> statusByStartTs) {
    List<byte[]> keys = new ArrayList<>();
    for (Map.Entry<byte[], Lock> e : range(locks, lower, upper, false).entrySet()) {
      if (statusByStartTs.containsKey(e.getValue().startTs)) {
        keys.add(e.getKey());
      }
    }
    if (keys.isEmpty()) {
      return null;
    }
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      for (byte[] key : keys) {
        Lock lock = locks.get(key);
        Long status = lock == null ? null : statusByStartTs.get(lock.startTs);
        if (status == null) {
          continue; // resolved meanwhile by someone else
        }
        if (status == 0) {
          cleanupOne(changes, key, lock.startTs, 0);
        } else if (Timestamps.compare(status, lock.startTs) > 0) {
          commitOne(changes, key, lock.startTs, status);
        } else {
          throw invalidTxnTso(lock.startTs, status);
        }
      }
      changes.apply();
      return null;
    } catch (KeyErrorException e) {
      return e.error();
    }
  }

  /** KvTxnHeartBeat: extends the primary lock's TTL to {@code adviseTtl} if that is longer. */
  Kvrpcpb.TxnHeartBeatResponse heartBeat(byte[] primary, long startTs, long adviseTtl) {
    try (Latches.Guard guard = latches.acquire(List.of(primary))) {
      Lock lock = locks.get(primary);
      if (lock == null || lock.startTs != startTs) {
        return Kvrpcpb.TxnHeartBeatResponse.newBuilder()
            .setError(KeyErrors.txnNotFound(startTs, primary).error())
            .build();
      }
      if (lock.ttl < adviseTtl) {
        lock = lock.withTtl(adviseTtl);
        locks.put(primary, lock);
      }
      return Kvrpcpb.TxnHeartBeatResponse.newBuilder().setLockTtl(lock.ttl).build();
    }
  }

  /**
   * KvPessimisticLock, all or nothing. Meeting another transaction's lock fails at once with that
   * lock (no waiting in a lock manager).
   */
  PessimisticResult pessimisticLock(Kvrpcpb.PessimisticLockRequest req) {
    long startTs = req.getStartVersion();
    long forUpdateTs = req.getForUpdateTs();
    byte[] primary = req.getPrimaryLock().toByteArray();
    boolean needValue = req.getReturnValues() || req.getCheckExistence();
    List<byte[]> keys = new ArrayList<>(req.getMutationsCount());
    for (Kvrpcpb.Mutation m : req.getMutationsList()) {
      keys.add(m.getKey().toByteArray());
    }
    try (Latches.Guard guard = latches.acquire(keys)) {
      Changes changes = new Changes();
      List<byte[]> values = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        Kvrpcpb.Mutation m = req.getMutations(i);
        byte[] key = keys.get(i);
        if (m.getOp() != Kvrpcpb.Op.PessimisticLock) {
          throw KeyErrors.abort(
              "mismatch op in pessimistic lock mutations: " + m.getOp() + " for key " + Bytes.readable(key));
        }
        boolean shouldNotExist = m.getAssertion() == Kvrpcpb.Assertion.NotExist;
        Lock lock = locks.get(key);
        if (lock != null) {
          if (lock.startTs != startTs) {
            throw KeyErrors.locked(lock.info(key));
          }
          if (lock.kind != LockKind.PESSIMISTIC) {
            throw KeyErrors.abort(
                "LockTypeNotMatch { start_ts: " + Long.toUnsignedString(startTs)
                    + ", key: " + Bytes.readable(key) + ", pessimistic: false }");
          }
          if (Timestamps.compare(forUpdateTs, lock.forUpdateTs) > 0) {
            changes.putLock(key, pessimisticLock(primary, startTs, req.getLockTtl(), forUpdateTs, req.getMinCommitTs()));
          }
          values.add(needValue ? visibleValue(key, forUpdateTs) : null);
          continue;
        }
        Write newest = newest(key);
        if (newest != null) {
          if (Timestamps.compare(newest.commitTs, forUpdateTs) > 0) {
            throw KeyErrors.writeConflict(startTs, newest.startTs, newest.commitTs, key, primary, "PessimisticRetry");
          }
          if (newest.rollsBack(startTs)) {
            throw pessimisticLockRolledBack(startTs, key);
          }
          if (Timestamps.compare(newest.commitTs, startTs) > 0) {
            Write older = seekWrite(versions(key), startTs);
            if (older != null && older.rollsBack(startTs)) {
              throw pessimisticLockRolledBack(startTs, key);
            }
          }
          checkNotExists(shouldNotExist, newest, key);
        }
        values.add(needValue ? visibleValue(key, forUpdateTs) : null);
        changes.putLock(key, pessimisticLock(primary, startTs, req.getLockTtl(), forUpdateTs, req.getMinCommitTs()));
      }
      changes.apply();
      boolean readsValues = needValue;
      for (Kvrpcpb.Mutation m : req.getMutationsList()) {
        readsValues |= m.getAssertion() == Kvrpcpb.Assertion.NotExist;
      }
      if (readsValues) {
        observeTs(forUpdateTs); // values (or their absence) were read at for_update_ts
      }
      return new PessimisticResult(List.of(), values);
    } catch (KeyErrorException e) {
      return new PessimisticResult(List.of(e.error()), List.of());
    }
  }

  private static Lock pessimisticLock(byte[] primary, long startTs, long ttl, long forUpdateTs, long minCommitTs) {
    return new Lock(LockKind.PESSIMISTIC, primary, startTs, ttl, null, forUpdateTs, 0, minCommitTs);
  }

  /** KVPessimisticRollback: drops this transaction's pessimistic locks up to {@code forUpdateTs}. */
  void pessimisticRollback(List<byte[]> keys, long startTs, long forUpdateTs) {
    try (Latches.Guard guard = latches.acquire(keys)) {
      for (byte[] key : keys) {
        Lock lock = locks.get(key);
        if (lock != null
            && lock.kind == LockKind.PESSIMISTIC
            && lock.startTs == startTs
            && Timestamps.compare(lock.forUpdateTs, forUpdateTs) <= 0) {
          locks.remove(key, lock);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The write record a committed lock becomes. */
  private static WriteKind writeKindOf(LockKind kind) {
    switch (kind) {
      case PUT:
        return WriteKind.PUT;
      case DELETE:
        return WriteKind.DELETE;
      default:
        // Lock, and a left-over pessimistic lock of a committed transaction: a Lock record.
        return WriteKind.LOCK;
    }
  }

  private static boolean blocksRead(Lock lock, byte[] key, long ts, ReadOptions options) {
    if (options.ignoreLocks
        || Timestamps.compare(lock.startTs, ts) > 0
        || lock.kind == LockKind.LOCK
        || lock.kind == LockKind.PESSIMISTIC
        || Timestamps.compare(lock.minCommitTs, ts) > 0
        || options.bypassLocks.contains(lock.startTs)) {
      return false;
    }
    // A "latest" read of the primary key itself is not blocked by its own lock.
    return !(Timestamps.isMax(ts) && Arrays.equals(key, lock.primary));
  }

  private byte[] visibleValue(byte[] key, long ts) {
    return visibleValue(versions(key), ts);
  }

  private static byte[] visibleValue(Versions versions, long ts) {
    Write w = latestData(versions, ts);
    return w != null && w.kind == WriteKind.PUT ? w.value : null;
  }

  /** The newest Put or Delete committed at or before {@code ts}; Lock and Rollback are skipped. */
  private static Write latestData(Versions versions, long ts) {
    for (Write w : versions.atOrBefore(ts)) {
      if (w.kind == WriteKind.PUT || w.kind == WriteKind.DELETE) {
        return w;
      }
    }
    return null;
  }

  /** The newest record of any kind committed at or before {@code ts}. */
  private static Write seekWrite(Versions versions, long ts) {
    for (Write w : versions.atOrBefore(ts)) {
      return w;
    }
    return null;
  }

  private Write newest(byte[] key) {
    return versions(key).newest();
  }

  private Versions versions(byte[] key) {
    Versions versions = writes.get(key);
    return versions == null ? Versions.NONE : versions;
  }

  /** TiKV's data constraint for Insert: the key must not hold a value. */
  private void checkNotExists(boolean shouldNotExist, Write newest, byte[] key) {
    if (!shouldNotExist || newest.kind == WriteKind.DELETE) {
      return;
    }
    if (newest.kind == WriteKind.PUT) {
      throw KeyErrors.alreadyExist(key);
    }
    Write older = latestData(versions(key), newest.commitTs - 1);
    if (older != null && older.kind == WriteKind.PUT) {
      throw KeyErrors.alreadyExist(key);
    }
  }

  /** How the transaction started at {@code startTs} ended on {@code key}, as far as CF_WRITE says. */
  private CommitRecord commitRecord(byte[] key, long startTs) {
    Write overlapped = null;
    for (Write w : versions(key).atOrAfter(startTs)) {
      if (w.startTs == startTs) {
        return new CommitRecord(w, null);
      }
      if (w.commitTs == startTs) {
        if (w.overlappedRollback) {
          return new CommitRecord(Write.rollback(startTs), null);
        }
        overlapped = w;
      }
    }
    return new CommitRecord(null, overlapped);
  }

  private static final class CommitRecord {
    final Write write;
    final Write overlapped;

    CommitRecord(Write write, Write overlapped) {
      this.write = write;
      this.overlapped = overlapped;
    }

    boolean isCommitted() {
      return write != null && write.kind != WriteKind.ROLLBACK;
    }

    boolean isRolledBack() {
      return write != null && write.kind == WriteKind.ROLLBACK;
    }
  }

  private static KeyErrorException pessimisticLockNotFound(long startTs, byte[] key) {
    return KeyErrors.abort(
        "PessimisticLockNotFound { start_ts: " + Long.toUnsignedString(startTs) + ", key: " + Bytes.readable(key) + " }");
  }

  private static KeyErrorException pessimisticLockRolledBack(long startTs, byte[] key) {
    return KeyErrors.abort(
        "PessimisticLockRolledBack { start_ts: " + Long.toUnsignedString(startTs) + ", key: " + Bytes.readable(key) + " }");
  }

  private static KeyErrorException invalidTxnTso(long startTs, long commitTs) {
    return KeyErrors.abort(
        "InvalidTxnTso { start_ts: " + Long.toUnsignedString(startTs) + ", commit_ts: " + Long.toUnsignedString(commitTs) + " }");
  }

  private static Kvrpcpb.KvPair pair(byte[] key, byte[] value, boolean keyOnly) {
    Kvrpcpb.KvPair.Builder b = Kvrpcpb.KvPair.newBuilder().setKey(ByteString.copyFrom(key));
    if (!keyOnly) {
      b.setValue(ByteString.copyFrom(value));
    }
    return b.build();
  }

  private static <V> NavigableMap<byte[], V> range(
      ConcurrentSkipListMap<byte[], V> map, byte[] lower, byte[] upper, boolean reverse) {
    if (upper.length != 0 && Bytes.compare(lower, upper) >= 0) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<byte[], V> sub =
        upper.length == 0 ? map.tailMap(lower, true) : map.subMap(lower, true, upper, false);
    return reverse ? sub.descendingMap() : sub;
  }

  /** Buffered changes of one command; applied write records first, then locks. */
  private final class Changes {
    private final List<byte[]> writeKeys = new ArrayList<>();
    private final List<Write> writeRecords = new ArrayList<>();
    private final List<byte[]> lockKeys = new ArrayList<>();
    private final List<Lock> lockPuts = new ArrayList<>();
    private final List<Lock> lockRemovals = new ArrayList<>();

    void putWrite(byte[] key, Write write) {
      writeKeys.add(key);
      writeRecords.add(write);
    }

    void putLock(byte[] key, Lock lock) {
      lockKeys.add(key);
      lockPuts.add(lock);
      lockRemovals.add(null);
    }

    void removeLock(byte[] key, Lock lock) {
      lockKeys.add(key);
      lockPuts.add(null);
      lockRemovals.add(lock);
    }

    /**
     * Turns the locks this prewrite would write into write records at {@code commitTs} (TiKV's
     * {@code handle_1pc_locks}); a pessimistic lock this transaction held on such a key goes away.
     */
    void commitLocks(long startTs, long commitTs) {
      for (int i = 0; i < lockKeys.size(); i++) {
        Lock lock = lockPuts.get(i);
        if (lock == null) {
          continue;
        }
        byte[] key = lockKeys.get(i);
        putWrite(key, new Write(writeKindOf(lock.kind), startTs, commitTs, lock.value, false));
        Lock held = locks.get(key);
        lockPuts.set(i, null);
        lockRemovals.set(i, held != null && held.startTs == startTs ? held : null);
      }
    }

    void apply() {
      for (int i = 0; i < writeKeys.size(); i++) {
        Write write = writeRecords.get(i);
        writes.computeIfAbsent(writeKeys.get(i), k -> new Versions()).add(write);
      }
      for (int i = 0; i < lockKeys.size(); i++) {
        if (lockPuts.get(i) != null) {
          locks.put(lockKeys.get(i), lockPuts.get(i));
        } else if (lockRemovals.get(i) != null) {
          locks.remove(lockKeys.get(i), lockRemovals.get(i));
        }
      }
    }
  }
}
