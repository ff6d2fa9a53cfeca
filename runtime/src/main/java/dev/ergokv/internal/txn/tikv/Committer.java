package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KeyConflictException;
import dev.ergokv.internal.txn.KeyExistsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Commits one transaction's mutations with Percolator, as TiKV's clients do:
 *
 * <ol>
 *   <li>Prewrite every region's mutations at once (one request per region and batch, in
 *       parallel). A transaction that fits one request asks for 1PC, which TiKV commits on the
 *       spot; otherwise (or if TiKV declines) locks are written.
 *   <li>The first answer classifies failure: a newer committed write is a {@link
 *       WriteConflictException} at once, a live lock of another transaction too (an ended one is
 *       resolved and the request repeated), an existing key under {@code Insert} is {@link
 *       KeyExistsException}. Any failure rolls back whatever this transaction may have locked.
 *   <li>Take a commit ts, commit the primary key's region: that is the commit point. {@code
 *       CommitTsExpired} (a reader pushed the primary's {@code min_commit_ts}) is retried with a
 *       fresh ts; a primary lock found gone is settled by asking its status.
 *   <li>Commit the other regions, in the background by default: the transaction is committed
 *       already, and a reader that meets a leftover lock commits it forward from the primary.
 * </ol>
 *
 * Locks carry a short TTL (the configured one plus the transaction's age); while the commit runs,
 * a heartbeat keeps the primary's TTL ahead of the clock. One instance per commit.
 */
final class Committer {

  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

  /** Requests stay well below TiKV's raft entry limit (8 MiB) and spread across regions. */
  private static final int MAX_BATCH_MUTATIONS = 2048;
  private static final long MAX_BATCH_BYTES = 2L << 20;

  /**
   * How far above the start ts a 1PC commit ts may land (TiKV's {@code max_commit_ts}); beyond,
   * TiKV writes ordinary locks and the commit takes two phases. Keeps a commit ts near PD's clock
   * even if some timestamp far in the future reached TiKV's {@code max_ts}.
   */
  static final long ONE_PC_WINDOW_MILLIS = 10_000;

  private final EngineContext engine;
  private final RegionRpc rpc;
  private final long startTs;
  private final List<Kvrpcpb.Mutation> mutations;
  private final byte[] primary;
  private final long lockTtl;
  /** Keys whose prewrite may have written a lock: what a failure rolls back. */
  private final TreeSet<byte[]> mayHoldLocks = new TreeSet<>(Keys.ORDER);
  /** Keys committed by the primary's request (the commit point). */
  private List<byte[]> committedWithPrimary = List.of();
  /** Set when the primary's commit got no answer in time: then nothing may be rolled back. */
  private boolean outcomeUnknown;
  /** How many of this transaction's keys each region holds. */
  private final Map<Long, Integer> regionTxnSize = new HashMap<>();

  Committer(EngineContext engine, long startTs, long ageMillis, List<Kvrpcpb.Mutation> mutations) {
    this.engine = engine;
    this.rpc = engine.rpc();
    this.startTs = startTs;
    this.mutations = mutations;
    this.primary = choosePrimary(mutations);
    // Judged from the start ts: a transaction that ran a while needs its age on top.
    this.lockTtl = engine.lockTtlMillis() + Math.max(0, ageMillis);
  }

  /** The first key that takes a lock ({@code CheckNotExists} does not). */
  private static byte[] choosePrimary(List<Kvrpcpb.Mutation> mutations) {
    for (Kvrpcpb.Mutation m : mutations) {
      if (m.getOp() != Kvrpcpb.Op.CheckNotExists) {
        return m.getKey().toByteArray();
      }
    }
    return mutations.get(0).getKey().toByteArray();
  }

  /**
   * Commits, returning the commit ts.
   *
   * @throws WriteConflictException on a conflicting write or live lock; nothing is left behind
   * @throws KeyExistsException if an insert's key exists
   * @throws ClusterUnavailableException if TiKV or PD did not answer in time
   */
  long commit() {
    Heartbeat heartbeat = null;
    long commitTs;
    try {
      boolean onePc = engine.tuning().onePhaseCommit();
      if (!onePc) {
        heartbeat = Heartbeat.start(this);
      }
      long onePcCommitTs = prewrite(onePc);
      if (onePcCommitTs != 0) {
        return onePcCommitTs;
      }
      if (onePc) {
        heartbeat = Heartbeat.start(this);
      }
      commitTs = rpc.timestamp();
      engine.observer().beforePrimaryCommit(startTs, commitTs);
      commitTs = commitPrimary(commitTs);
      // A reader of this engine that meets a lock not yet committed skips asking its status.
      engine.resolver().remember(startTs, commitTs);
    } catch (RuntimeException e) {
      throw rollBackAfter(e);
    } finally {
      if (heartbeat != null) {
        heartbeat.stop();
      }
    }
    commitSecondaries(commitTs);
    return commitTs;
  }

  // ---------------------------------------------------------------------------------------------
  // Prewrite

  /** Prewrites everything; returns the 1PC commit ts if TiKV committed in one phase, else 0. */
  private long prewrite(boolean onePcWanted) {
    Deadline deadline = engine.operationDeadline();
    List<RegionRpc.Batch<Kvrpcpb.Mutation>> pending = batches(mutations, deadline);
    boolean onePc = onePcWanted && pending.size() == 1;
    boolean anyLocked = false;
    while (!pending.isEmpty()) {
      boolean asOne = onePc;
      List<RegionRpc.Reply<Kvrpcpb.PrewriteResponse>> replies =
          rpc.callEach(pending, TikvGrpc.getKvPrewriteMethod(), batch -> prewriteRequest(batch, asOne), deadline);
      List<Kvrpcpb.Mutation> retry = new ArrayList<>();
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      RuntimeException failure = null;
      for (int i = 0; i < pending.size(); i++) {
        RegionRpc.Batch<Kvrpcpb.Mutation> batch = pending.get(i);
        RegionRpc.Reply<Kvrpcpb.PrewriteResponse> reply = replies.get(i);
        if (reply.failure != null) {
          // It may have been applied: roll it back if this commit fails.
          holdsLocks(batch.items);
          if (failure == null) {
            try {
              rpc.onSendFailure(batch.route, reply.failure, deadline, "KvPrewrite");
            } catch (ClusterUnavailableException unavailable) {
              failure = unavailable;
            }
          }
          retry.addAll(batch.items);
          continue;
        }
        Kvrpcpb.PrewriteResponse resp = reply.response;
        if (resp.hasRegionError()) {
          if (failure == null) {
            try {
              rpc.onRegionError(batch.route, resp.getRegionError(), deadline, "KvPrewrite");
            } catch (ClusterUnavailableException unavailable) {
              failure = unavailable;
            }
          }
          retry.addAll(batch.items);
          continue;
        }
        if (resp.getErrorsCount() > 0) {
          // Prewrite is all or nothing per request: nothing of this batch was written.
          boolean locked = false;
          for (Kvrpcpb.KeyError error : resp.getErrorsList()) {
            if (error.hasLocked()) {
              locks.add(error.getLocked());
              locked = true;
            } else if (failure == null) {
              failure = classify(error);
            }
          }
          if (locked) {
            retry.addAll(batch.items);
          }
          continue;
        }
        if (onePc && resp.getOnePcCommitTs() != 0) {
          LOG.debug("transaction {} committed in one phase at {}", startTs, resp.getOnePcCommitTs());
          return resp.getOnePcCommitTs();
        }
        holdsLocks(batch.items);
        anyLocked = true;
      }
      if (failure != null) {
        throw failure;
      }
      if (!locks.isEmpty()) {
        engine.resolver().resolveForWrite(locks, startTs, deadline);
      }
      retry.sort((a, b) -> Keys.compare(a.getKey().toByteArray(), b.getKey()));
      pending = batches(retry, deadline);
      // 1PC only while the whole transaction still is one request.
      onePc = onePc && !anyLocked && pending.size() == 1 && retry.size() == mutations.size();
    }
    return 0;
  }

  private Kvrpcpb.PrewriteRequest prewriteRequest(RegionRpc.Batch<Kvrpcpb.Mutation> batch, boolean onePc) {
    Kvrpcpb.PrewriteRequest.Builder req =
        Kvrpcpb.PrewriteRequest.newBuilder()
            .setContext(batch.route.context())
            .addAllMutations(batch.items)
            .setPrimaryLock(Keys.wrap(primary))
            .setStartVersion(startTs)
            .setLockTtl(lockTtl)
            // Per region, as TiKV's clients send it: a reader resolves the locks of a big
            // transaction for the whole region at once.
            .setTxnSize(regionTxnSize.getOrDefault(batch.route.region.getId(), batch.items.size()))
            // Lets readers push this transaction's commit past their snapshot (see LockResolver).
            .setMinCommitTs(startTs + 1);
    if (onePc) {
      req.setTryOnePc(true)
          .setMaxCommitTs(Timestamps.compose(Timestamps.physical(startTs) + ONE_PC_WINDOW_MILLIS, 0));
    }
    return req.build();
  }

  private RuntimeException classify(Kvrpcpb.KeyError error) {
    if (error.hasConflict()) {
      Kvrpcpb.WriteConflict c = error.getConflict();
      return new KeyConflictException(
          c.getKey().toByteArray(),
          "was written by transaction " + Long.toUnsignedString(c.getConflictTs())
              + " (committed at " + Long.toUnsignedString(c.getConflictCommitTs()) + ") after transaction "
              + Long.toUnsignedString(startTs) + " started");
    }
    if (error.hasAlreadyExist()) {
      return new KeyExistsException(error.getAlreadyExist().getKey().toByteArray());
    }
    return LockResolver.unexpected("the prewrite of transaction " + Long.toUnsignedString(startTs), error);
  }

  private void holdsLocks(List<Kvrpcpb.Mutation> batch) {
    for (Kvrpcpb.Mutation m : batch) {
      if (m.getOp() != Kvrpcpb.Op.CheckNotExists) {
        mayHoldLocks.add(m.getKey().toByteArray());
      }
    }
  }

  /** Groups key-ordered mutations by region, cut into requests of bounded size. */
  private List<RegionRpc.Batch<Kvrpcpb.Mutation>> batches(List<Kvrpcpb.Mutation> sorted, Deadline deadline) {
    List<RegionRpc.Batch<Kvrpcpb.Mutation>> out = new ArrayList<>();
    for (RegionRpc.Batch<Kvrpcpb.Mutation> region : rpc.group(sorted, m -> m.getKey().toByteArray(), deadline)) {
      regionTxnSize.merge(region.route.region.getId(), region.items.size(), Math::max);
      List<Kvrpcpb.Mutation> chunk = new ArrayList<>();
      long bytes = 0;
      for (Kvrpcpb.Mutation m : region.items) {
        long size = m.getKey().size() + m.getValue().size();
        if (!chunk.isEmpty() && (chunk.size() >= MAX_BATCH_MUTATIONS || bytes + size > MAX_BATCH_BYTES)) {
          out.add(new RegionRpc.Batch<>(region.route, chunk));
          chunk = new ArrayList<>();
          bytes = 0;
        }
        chunk.add(m);
        bytes += size;
      }
      out.add(new RegionRpc.Batch<>(region.route, chunk));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Commit

  /** Keys that hold this transaction's locks after a successful prewrite, in key order. */
  private List<byte[]> lockedKeys() {
    List<byte[]> keys = new ArrayList<>(mutations.size());
    for (Kvrpcpb.Mutation m : mutations) {
      if (m.getOp() != Kvrpcpb.Op.CheckNotExists) {
        keys.add(m.getKey().toByteArray());
      }
    }
    return keys;
  }

  /**
   * Commits the locked keys in the primary key's region, the primary among them: the commit point.
   * Returns the commit ts it committed at.
   */
  private long commitPrimary(long firstCommitTs) {
    Deadline deadline = engine.operationDeadline();
    long commitTs = firstCommitTs;
    boolean sent = false;
    while (true) {
      RegionRpc.Route route = rpc.route(primary, deadline);
      List<byte[]> inRegion = new ArrayList<>();
      for (byte[] key : lockedKeys()) {
        if (route.holds(key)) {
          inRegion.add(key);
        }
      }
      Kvrpcpb.CommitResponse resp;
      try {
        sent = true;
        resp = rpc.call(route, TikvGrpc.getKvCommitMethod(), commitRequest(route, inRegion, commitTs), deadline);
      } catch (StatusRuntimeException e) {
        try {
          rpc.onSendFailure(route, e, deadline, "KvCommit of the primary key");
        } catch (ClusterUnavailableException unavailable) {
          outcomeUnknown = sent;
          throw undetermined(unavailable);
        }
        continue;
      }
      if (resp.hasRegionError()) {
        rpc.onRegionError(route, resp.getRegionError(), deadline, "KvCommit of the primary key");
        continue;
      }
      if (!resp.hasError()) {
        committedWithPrimary = inRegion;
        return commitTs;
      }
      Kvrpcpb.KeyError error = resp.getError();
      if (error.hasCommitTsExpired()) {
        // A reader pushed the primary's min_commit_ts past its snapshot: commit above it.
        commitTs = freshCommitTs(error.getCommitTsExpired().getMinCommitTs(), deadline);
        continue;
      }
      if (KeyErrors.isTxnLockNotFound(error)) {
        return settleLostPrimaryLock(deadline);
      }
      throw LockResolver.unexpected("the commit of transaction " + Long.toUnsignedString(startTs), error);
    }
  }

  private long freshCommitTs(long atLeast, Deadline deadline) {
    long ts = rpc.timestamp();
    while (Long.compareUnsigned(ts, atLeast) < 0) {
      if (!deadline.backoff()) {
        throw new ErgoKvException(
            "PD's timestamps did not reach " + Long.toUnsignedString(atLeast) + ", the min commit ts of transaction "
                + Long.toUnsignedString(startTs));
      }
      ts = rpc.timestamp();
    }
    return ts;
  }

  /**
   * The primary lock was gone at commit: another transaction found it expired and rolled it back,
   * or an earlier attempt of this commit succeeded without its answer arriving. The primary's
   * status tells which.
   */
  private long settleLostPrimaryLock(Deadline deadline) {
    Kvrpcpb.CheckTxnStatusResponse status =
        engine.resolver().checkTxnStatus(primary, startTs, 0, rpc.timestamp(), false, deadline);
    if (!status.hasError() && status.getLockTtl() == 0 && status.getCommitVersion() != 0) {
      committedWithPrimary = List.of(primary);
      return status.getCommitVersion();
    }
    throw new KeyConflictException(
        primary,
        "holds no lock of transaction " + Long.toUnsignedString(startTs) + " at commit: the transaction was"
            + " rolled back by another one that found its lock expired (lock TTL " + lockTtl + " ms)");
  }

  private Kvrpcpb.CommitRequest commitRequest(RegionRpc.Route route, List<byte[]> keys, long commitTs) {
    Kvrpcpb.CommitRequest.Builder req =
        Kvrpcpb.CommitRequest.newBuilder()
            .setContext(route.context())
            .setStartVersion(startTs)
            .setCommitVersion(commitTs);
    for (byte[] key : keys) {
      req.addKeys(Keys.wrap(key));
    }
    return req.build();
  }

  private ClusterUnavailableException undetermined(ClusterUnavailableException cause) {
    return new ClusterUnavailableException(
        cause.endpoints(),
        cause.waited(),
        "the outcome of the commit of transaction " + Long.toUnsignedString(startTs)
            + " is unknown (its primary key " + Keys.readable(primary) + " may or may not be committed): "
            + cause.getMessage(),
        cause);
  }

  /** Commits the keys the primary's request did not, now or in the background. */
  private void commitSecondaries(long commitTs) {
    TreeSet<byte[]> done = new TreeSet<>(Keys.ORDER);
    done.addAll(committedWithPrimary);
    List<byte[]> secondaries = new ArrayList<>();
    for (byte[] key : lockedKeys()) {
      if (!done.contains(key)) {
        secondaries.add(key);
      }
    }
    if (secondaries.isEmpty()) {
      return;
    }
    if (engine.tuning().asyncSecondaries()) {
      engine.inBackground(() -> commitSecondaries(secondaries, commitTs));
    } else {
      try {
        commitSecondaries(secondaries, commitTs);
      } catch (RuntimeException e) {
        // Committed already (the primary is): report success, leave the rest to readers.
        LOG.warn("transaction {} committed; committing its other keys failed", startTs, e);
      }
    }
  }

  private void commitSecondaries(List<byte[]> keys, long commitTs) {
    Deadline deadline = engine.operationDeadline();
    List<byte[]> pending = keys;
    try {
      while (!pending.isEmpty()) {
        List<RegionRpc.Batch<byte[]>> batches = rpc.group(pending, k -> k, deadline);
        List<RegionRpc.Reply<Kvrpcpb.CommitResponse>> replies =
            rpc.callEach(
                batches,
                TikvGrpc.getKvCommitMethod(),
                batch -> commitRequest(batch.route, batch.items, commitTs),
                deadline);
        List<byte[]> retry = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
          RegionRpc.Batch<byte[]> batch = batches.get(i);
          RegionRpc.Reply<Kvrpcpb.CommitResponse> reply = replies.get(i);
          if (reply.failure != null) {
            rpc.onSendFailure(batch.route, reply.failure, deadline, "KvCommit");
            retry.addAll(batch.items);
            continue;
          }
          Kvrpcpb.CommitResponse resp = reply.response;
          if (resp.hasRegionError()) {
            rpc.onRegionError(batch.route, resp.getRegionError(), deadline, "KvCommit");
            retry.addAll(batch.items);
          } else if (resp.hasError()) {
            // The transaction is committed (its primary is); a reader that meets these locks
            // commits them forward.
            LOG.warn(
                "transaction {} committed, but committing {} of its keys answered: {}",
                startTs, batch.items.size(), KeyErrors.describe(resp.getError()));
          }
        }
        retry.sort(Keys.ORDER);
        pending = retry;
      }
    } catch (ClusterUnavailableException e) {
      LOG.warn(
          "transaction {} committed; {} of its keys are left for readers to commit: {}",
          startTs, pending.size(), e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rollback

  /**
   * Rolls back every lock this transaction may hold (KvBatchRollback per region) and returns the
   * failure to throw. Best effort: locks it cannot remove expire with their TTL.
   */
  private RuntimeException rollBackAfter(RuntimeException failure) {
    if (mayHoldLocks.isEmpty() || outcomeUnknown) {
      return failure;
    }
    List<byte[]> pending = new ArrayList<>(mayHoldLocks);
    pending.sort(Keys.ORDER);
    Deadline deadline = engine.operationDeadline();
    try {
      while (!pending.isEmpty()) {
        List<RegionRpc.Batch<byte[]>> batches = rpc.group(pending, k -> k, deadline);
        List<RegionRpc.Reply<Kvrpcpb.BatchRollbackResponse>> replies =
            rpc.callEach(batches, TikvGrpc.getKvBatchRollbackMethod(), this::rollbackRequest, deadline);
        List<byte[]> retry = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
          RegionRpc.Batch<byte[]> batch = batches.get(i);
          RegionRpc.Reply<Kvrpcpb.BatchRollbackResponse> reply = replies.get(i);
          if (reply.failure != null) {
            rpc.onSendFailure(batch.route, reply.failure, deadline, "KvBatchRollback");
            retry.addAll(batch.items);
            continue;
          }
          Kvrpcpb.BatchRollbackResponse resp = reply.response;
          if (resp.hasRegionError()) {
            rpc.onRegionError(batch.route, resp.getRegionError(), deadline, "KvBatchRollback");
            retry.addAll(batch.items);
          } else if (resp.hasError()) {
            LOG.warn("rolling back transaction {} answered: {}", startTs, KeyErrors.describe(resp.getError()));
          }
        }
        retry.sort(Keys.ORDER);
        pending = retry;
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not roll back the locks of transaction {} (they expire after {} ms): {}",
          startTs, lockTtl, e.getMessage());
      failure.addSuppressed(e);
    }
    return failure;
  }

  private Kvrpcpb.BatchRollbackRequest rollbackRequest(RegionRpc.Batch<byte[]> batch) {
    Kvrpcpb.BatchRollbackRequest.Builder req =
        Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(batch.route.context()).setStartVersion(startTs);
    for (byte[] key : batch.items) {
      req.addKeys(Keys.wrap(key));
    }
    return req.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Heartbeat

  /**
   * Keeps the primary lock's TTL ahead of the cluster's clock while the commit runs: TTL = the
   * transaction's age by PD's clock + the configured TTL, renewed every third of the TTL.
   */
  private static final class Heartbeat implements Runnable {
    private final Committer committer;
    private volatile ScheduledFuture<?> schedule;

    private Heartbeat(Committer committer) {
      this.committer = committer;
    }

    static Heartbeat start(Committer committer) {
      Heartbeat heartbeat = new Heartbeat(committer);
      if (committer.engine.tuning().heartbeats()) {
        long period = Math.max(50, committer.engine.lockTtlMillis() / 3);
        try {
          heartbeat.schedule =
              committer.engine.heartbeats().scheduleWithFixedDelay(heartbeat, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          LOG.debug("no heartbeat for transaction {}: the engine is closing", committer.startTs);
        }
      }
      return heartbeat;
    }

    void stop() {
      ScheduledFuture<?> s = schedule;
      if (s != null) {
        s.cancel(false);
      }
    }

    @Override
    public void run() {
      EngineContext engine = committer.engine;
      try {
        long now = engine.rpc().timestamp();
        long ttl = Timestamps.physical(now) - Timestamps.physical(committer.startTs) + engine.lockTtlMillis();
        Deadline deadline = engine.operationDeadline();
        while (true) {
          RegionRpc.Route route = engine.rpc().route(committer.primary, deadline);
          Kvrpcpb.TxnHeartBeatRequest req =
              Kvrpcpb.TxnHeartBeatRequest.newBuilder()
                  .setContext(route.context())
                  .setPrimaryLock(Keys.wrap(committer.primary))
                  .setStartVersion(committer.startTs)
                  .setAdviseLockTtl(ttl)
                  .build();
          Kvrpcpb.TxnHeartBeatResponse resp;
          try {
            resp = engine.rpc().call(route, TikvGrpc.getKvTxnHeartBeatMethod(), req, deadline);
          } catch (StatusRuntimeException e) {
            engine.rpc().onSendFailure(route, e, deadline, "KvTxnHeartBeat");
            continue;
          }
          if (resp.hasRegionError()) {
            engine.rpc().onRegionError(route, resp.getRegionError(), deadline, "KvTxnHeartBeat");
            continue;
          }
          if (resp.hasError()) {
            // The primary lock is gone (committed, or rolled back): nothing left to keep alive.
            stop();
          } else {
            engine.heartbeatSent();
          }
          return;
        }
      } catch (RuntimeException e) {
        LOG.debug("heartbeat of transaction {} failed: {}", committer.startTs, e.toString());
      }
    }
  }

}
