package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.keys.KeyNames;
import dev.ergokv.internal.txn.KeyConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * What to do about another transaction's lock, by the current protocol (TiKV ≥ 4.0): ask the
 * lock's primary for the transaction's status ({@code KvCheckTxnStatus}), then commit the lock
 * forward if its transaction committed, roll it back if it was rolled back or expired, or, for an
 * alive one, read past it once its {@code min_commit_ts} is pushed above the reader's snapshot.
 * Writers never wait: a live lock is a write conflict. Thread-safe.
 */
final class LockResolver {

  private static final Logger LOG = LoggerFactory.getLogger(LockResolver.class);

  /** Transactions this large have their locks resolved per region, as TiKV's clients do. */
  private static final long BIG_TXN_SIZE = 16;

  private static final int KNOWN_OUTCOMES = 4096;
  private static final long UNBOUNDED_TS = -1L; // u64::MAX: "judge every lock expired"

  /** The status of a lock's transaction. Immutable. */
  static final class TxnStatus {
    final boolean alive;
    /** Alive, but it will commit above the caller's snapshot: readers may ignore its locks. */
    final boolean pushed;
    /** Final: the commit ts, or 0 for rolled back. */
    final long commitTs;
    final long millisToExpiry;

    private TxnStatus(boolean alive, boolean pushed, long commitTs, long millisToExpiry) {
      this.alive = alive;
      this.pushed = pushed;
      this.commitTs = commitTs;
      this.millisToExpiry = millisToExpiry;
    }

    static TxnStatus alive(boolean pushed, long millisToExpiry) {
      return new TxnStatus(true, pushed, 0, millisToExpiry);
    }

    static TxnStatus ended(long commitTs) {
      return new TxnStatus(false, false, commitTs, 0);
    }
  }

  private final RegionRpc rpc;

  /** Outcomes that never change again: start ts → commit ts (0 = rolled back). */
  private final Map<Long, Long> outcomes =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > KNOWN_OUTCOMES;
        }
      };

  LockResolver(RegionRpc rpc) {
    this.rpc = rpc;
  }

  // ---------------------------------------------------------------------------------------------
  // Readers

  /**
   * Resolves the locks a read at {@code readTs} met: ended transactions' locks are committed or
   * rolled back, transactions whose commit is pushed above {@code readTs} are added to {@code
   * resolvedLocks} (the read may then ignore their locks), and for the rest this waits a while
   * (at most until the earliest expiry). The caller reads again afterwards.
   *
   * @throws ErgoKvException if a lock is still alive when the deadline passes
   */
  void resolveForRead(List<Kvrpcpb.LockInfo> locks, long readTs, Set<Long> resolvedLocks, Deadline deadline) {
    long waitMillis = 0;
    Kvrpcpb.LockInfo blocking = null;
    for (List<Kvrpcpb.LockInfo> txnLocks : byTransaction(locks).values()) {
      Kvrpcpb.LockInfo lock = txnLocks.get(0);
      TxnStatus status = status(lock, readTs, 0, deadline);
      if (!status.alive) {
        resolve(txnLocks, status.commitTs, deadline);
      } else if (status.pushed) {
        resolvedLocks.add(lock.getLockVersion());
      } else {
        waitMillis = Math.max(waitMillis, Math.max(1, status.millisToExpiry));
        blocking = lock;
      }
    }
    if (blocking != null && !deadline.backoffAtMost(waitMillis)) {
      throw new ErgoKvException(
          "key " + Keys.readable(blocking.getKey().toByteArray()) + " is locked by transaction "
              + Long.toUnsignedString(blocking.getLockVersion()) + " (primary "
              + Keys.readable(blocking.getPrimaryLock().toByteArray()) + "), which was still running after "
              + deadline.elapsed().toMillis() + " ms of waiting");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writers

  /**
   * Resolves the locks a prewrite met. Locks of ended transactions are committed or rolled back,
   * and the caller prewrites again; a lock of a live transaction is a conflict, surfaced at once.
   *
   * @throws WriteConflictException if a lock's transaction is still alive
   */
  void resolveForWrite(List<Kvrpcpb.LockInfo> locks, long startTs, Deadline deadline) {
    for (List<Kvrpcpb.LockInfo> txnLocks : byTransaction(locks).values()) {
      Kvrpcpb.LockInfo lock = txnLocks.get(0);
      // caller_start_ts 0: a writer has no snapshot to protect, so it does not push the other
      // transaction's min_commit_ts (which would only make that one's commit retry).
      // current_ts = this transaction's start ts instead of a fresh one: a lock that expired
      // since then looks alive, the conflict is reported, and the retry (with a newer start ts)
      // resolves it. One TSO call less on every conflict.
      TxnStatus status = status(lock, 0, startTs, deadline);
      if (status.alive) {
        throw liveLockConflict(lock, startTs);
      }
      resolve(txnLocks, status.commitTs, deadline);
    }
  }

  static WriteConflictException liveLockConflict(Kvrpcpb.LockInfo lock, long startTs) {
    return new KeyConflictException(
        lock.getKey().toByteArray(),
        "is locked by transaction " + Long.toUnsignedString(lock.getLockVersion())
            + " (primary " + KeyNames.key(lock.getPrimaryLock().toByteArray()) + "), which is still running;"
            + " transaction " + Long.toUnsignedString(startTs) + " conflicts with it");
  }

  // ---------------------------------------------------------------------------------------------
  // Status

  /**
   * The status of {@code lock}'s transaction, asked of its primary, with its TTL judged at {@code
   * currentTs} (0: a fresh timestamp).
   */
  TxnStatus status(Kvrpcpb.LockInfo lock, long callerStartTs, long currentTs, Deadline deadline) {
    Long known = knownOutcome(lock.getLockVersion());
    if (known != null) {
      return TxnStatus.ended(known);
    }
    if (lock.getLockTtl() == 0) {
      // TiKV's request to resolve it unconditionally (a pessimistic writer met it): judge it
      // against the end of time.
      currentTs = UNBOUNDED_TS;
    } else if (currentTs == 0) {
      currentTs = rpc.timestamp();
    }
    boolean rollbackIfNotExist = false;
    while (true) {
      Kvrpcpb.CheckTxnStatusResponse resp =
          checkTxnStatus(
              lock.getPrimaryLock().toByteArray(), lock.getLockVersion(), callerStartTs, currentTs, rollbackIfNotExist, deadline);
      if (resp.hasError()) {
        if (!resp.getError().hasTxnNotFound()) {
          throw unexpected(
              "checking the status of transaction " + Long.toUnsignedString(lock.getLockVersion()), resp.getError());
        }
        // No primary lock and no record: the primary is not prewritten yet (or its prewrite was
        // lost). Once this lock has expired, the primary is rolled back so it never commits.
        if (millisToExpiry(lock.getLockVersion(), lock.getLockTtl(), currentTs) < 0) {
          rollbackIfNotExist = true;
          continue;
        }
        return TxnStatus.alive(false, millisToExpiry(lock.getLockVersion(), lock.getLockTtl(), currentTs));
      }
      if (resp.getLockTtl() != 0) {
        return TxnStatus.alive(
            resp.getAction() == Kvrpcpb.Action.MinCommitTSPushed,
            millisToExpiry(lock.getLockVersion(), resp.getLockTtl(), currentTs));
      }
      long commitTs = resp.getCommitVersion();
      remember(lock.getLockVersion(), commitTs);
      return TxnStatus.ended(commitTs);
    }
  }

  /** KvCheckTxnStatus on a primary key, re-routed across region errors. */
  Kvrpcpb.CheckTxnStatusResponse checkTxnStatus(
      byte[] primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist, Deadline deadline) {
    while (true) {
      RegionRpc.Route route = rpc.route(primary, deadline);
      Kvrpcpb.CheckTxnStatusRequest req =
          Kvrpcpb.CheckTxnStatusRequest.newBuilder()
              .setContext(route.context())
              .setPrimaryKey(Keys.wrap(primary))
              .setLockTs(lockTs)
              .setCallerStartTs(callerStartTs)
              .setCurrentTs(currentTs)
              .setRollbackIfNotExist(rollbackIfNotExist)
              .build();
      Kvrpcpb.CheckTxnStatusResponse resp;
      try {
        resp = rpc.call(route, TikvGrpc.getKvCheckTxnStatusMethod(), req, deadline);
      } catch (StatusRuntimeException e) {
        rpc.onSendFailure(route, e, deadline, "KvCheckTxnStatus");
        continue;
      }
      if (resp.hasRegionError()) {
        rpc.onRegionError(route, resp.getRegionError(), deadline, "KvCheckTxnStatus");
        continue;
      }
      return resp;
    }
  }

  private static long millisToExpiry(long lockTs, long ttl, long currentTs) {
    if (currentTs == UNBOUNDED_TS) {
      return -1;
    }
    return Timestamps.physical(lockTs) + ttl - Timestamps.physical(currentTs);
  }

  private synchronized Long knownOutcome(long startTs) {
    return outcomes.get(startTs);
  }

  /** Records a final outcome: a commit at {@code commitTs}, or a rollback (0). */
  synchronized void remember(long startTs, long commitTs) {
    outcomes.put(startTs, commitTs);
  }

  // ---------------------------------------------------------------------------------------------
  // Resolution

  /**
   * Commits (at {@code commitTs}) or rolls back ({@code commitTs == 0}) one ended transaction's
   * locks, one KvResolveLock per region. Locks of big transactions are resolved for their whole
   * region at once, which also clears the ones this reader has not met yet.
   */
  void resolve(List<Kvrpcpb.LockInfo> txnLocks, long commitTs, Deadline deadline) {
    long lockTs = txnLocks.get(0).getLockVersion();
    boolean wholeRegion = txnLocks.get(0).getTxnSize() >= BIG_TXN_SIZE;
    List<byte[]> keys = new ArrayList<>(txnLocks.size());
    for (Kvrpcpb.LockInfo lock : txnLocks) {
      keys.add(lock.getKey().toByteArray());
    }
    keys.sort(Keys.ORDER);
    List<byte[]> pending = keys;
    while (!pending.isEmpty()) {
      List<byte[]> retry = new ArrayList<>();
      for (RegionRpc.Batch<byte[]> batch : rpc.group(pending, k -> k, deadline)) {
        Kvrpcpb.ResolveLockRequest.Builder req =
            Kvrpcpb.ResolveLockRequest.newBuilder()
                .setContext(batch.route.context())
                .setStartVersion(lockTs)
                .setCommitVersion(commitTs);
        if (!wholeRegion) {
          for (byte[] key : batch.items) {
            req.addKeys(Keys.wrap(key));
          }
        }
        Kvrpcpb.ResolveLockResponse resp;
        try {
          resp = rpc.call(batch.route, TikvGrpc.getKvResolveLockMethod(), req.build(), deadline);
        } catch (StatusRuntimeException e) {
          rpc.onSendFailure(batch.route, e, deadline, "KvResolveLock");
          retry.addAll(batch.items);
          continue;
        }
        if (resp.hasRegionError()) {
          rpc.onRegionError(batch.route, resp.getRegionError(), deadline, "KvResolveLock");
          retry.addAll(batch.items);
          continue;
        }
        if (resp.hasError()) {
          throw unexpected(
              (commitTs == 0 ? "rolling back" : "committing") + " the locks of transaction "
                  + Long.toUnsignedString(lockTs),
              resp.getError());
        }
      }
      pending = retry;
    }
    LOG.debug(
        "resolved {} lock(s) of transaction {} ({})", keys.size(), lockTs, commitTs == 0 ? "rolled back" : "committed");
  }

  private static Map<Long, List<Kvrpcpb.LockInfo>> byTransaction(List<Kvrpcpb.LockInfo> locks) {
    Map<Long, List<Kvrpcpb.LockInfo>> out = new LinkedHashMap<>();
    for (Kvrpcpb.LockInfo lock : locks) {
      out.computeIfAbsent(lock.getLockVersion(), ts -> new ArrayList<>()).add(lock);
    }
    return out;
  }

  static ErgoKvException unexpected(String what, Kvrpcpb.KeyError error) {
    return new ErgoKvException("TiKV refused " + what + ": " + KeyErrors.describe(error));
  }
}
