package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KeyConflictException;
import dev.ergokv.internal.txn.KeyExistsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.common.util.concurrent.Futures;
import org.tikv.shade.com.google.common.util.concurrent.ListenableFuture;
import org.tikv.shade.com.google.common.util.concurrent.MoreExecutors;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Commits one transaction's mutations with Percolator, as TiKV's clients do:
 *
 * <ol>
 *   <li>Prewrite, at most {@link #MAX_IN_FLIGHT} requests out at once, each with its own budget (a
 *       large transaction sends the primary's request first). A transaction that fits one request
 *       asks for 1PC, which TiKV commits on the spot; otherwise (or if TiKV declines) locks are
 *       written.
 *   <li>The first answer classifies failure: a newer committed write is a {@link
 *       WriteConflictException} at once, a live lock of another transaction too (an ended one is
 *       resolved and the request repeated), an existing key under {@code Insert} is {@link
 *       KeyExistsException}. A failure rolls back whatever this transaction may have locked — after
 *       a 1PC request whose answer was lost has been settled as not committed.
 *   <li>Take a commit ts, commit the primary key's region: that is the commit point. {@code
 *       CommitTsExpired} (a reader pushed the primary's {@code min_commit_ts}) is retried with a
 *       fresh ts; a primary lock found gone is settled by asking its status. Once a commit request
 *       may have been applied, nothing is rolled back: the outcome is found out, or reported as
 *       {@link CommitOutcomeUnknownException}.
 *   <li>Commit the other regions, in the background by default: the transaction is committed
 *       already, and a reader that meets a leftover lock commits it forward from the primary.
 * </ol>
 *
 * Locks carry a short TTL (the configured one plus the transaction's age); a {@link Heartbeat}
 * keeps the primary's TTL ahead of the clock from before a multi-request prewrite until the commit
 * point. One instance per commit.
 */
final class Committer {

  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

  /** Requests stay well below TiKV's raft entry limit (8 MiB) and spread across regions. */
  private static final int MAX_BATCH_MUTATIONS = 2048;
  private static final long MAX_BATCH_BYTES = 2L << 20;
  /** Prewrite requests out at once: enough to keep stores busy, few enough to be served in time. */
  static final int MAX_IN_FLIGHT = 8;

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
  /** A 1PC request got no answer: it may have committed the whole transaction. */
  private boolean onePcInDoubt;
  /** Keeps the primary lock alive while the commit runs; null until started. */
  private Heartbeat heartbeat;
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
   * @throws WriteConflictException on a conflicting write or live lock; nothing is stored
   * @throws KeyExistsException if an insert's key exists; nothing is stored
   * @throws ClusterUnavailableException if TiKV or PD did not answer in time; nothing is stored
   * @throws CommitOutcomeUnknownException if the commit may have been applied and the cluster
   *     could not be asked whether it was; nothing is rolled back
   */
  long commit() {
    long commitTs;
    try {
      long onePcCommitTs;
      try {
        onePcCommitTs = prewrite(engine.tuning().onePhaseCommit());
      } catch (RuntimeException e) {
        if (!onePcInDoubt) {
          throw e;
        }
        // A 1PC request got no answer: it may have committed everything. Find out first.
        onePcCommitTs = settleOnePc(e);
        if (onePcCommitTs == 0) {
          throw e;
        }
      }
      if (onePcCommitTs != 0) {
        return onePcCommitTs;
      }
      if (heartbeat == null) {
        heartbeat = Heartbeat.start(engine, primary, startTs, true);
      }
      commitTs = rpc.timestamp();
      engine.observer().beforePrimaryCommit(startTs, commitTs);
      commitTs = commitPrimary(commitTs);
      // A reader of this engine that meets a lock not yet committed skips asking its status.
      engine.resolver().remember(startTs, commitTs);
    } catch (CommitOutcomeUnknownException e) {
      // The primary may be committed: rolling anything back could leave it half done.
      throw e;
    } catch (RuntimeException e) {
      commitTs = new Rollback(engine, startTs, primary, lockTtl).after(e, mayHoldLocks);
      if (commitTs == 0) {
        throw e;
      }
      // The primary answered its rollback with "committed": so the transaction is.
      LOG.debug("transaction {} turned out committed at {} when rolled back", startTs, commitTs);
      committedWithPrimary = List.of(primary);
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

  /** One request's mutations, its own budget (from when it is first sent) and its answer. */
  private static final class Task {
    final RegionRpc.Batch<Kvrpcpb.Mutation> batch;
    Deadline deadline;
    boolean onePc;
    ListenableFuture<Kvrpcpb.PrewriteResponse> future;
    Kvrpcpb.PrewriteResponse response;

    Task(RegionRpc.Batch<Kvrpcpb.Mutation> batch, Deadline deadline) {
      this.batch = batch;
      this.deadline = deadline;
    }
  }

  /**
   * Prewrites everything; returns the 1PC commit ts if TiKV committed in one phase, else 0.
   *
   * <p>At most {@link #MAX_IN_FLIGHT} requests are out at once, each with a budget of its own that
   * starts when it is first sent; an answered request is followed at once by the next (or by its
   * own retry), so a large transaction neither floods the stores nor shares one budget among all
   * its requests. In a large transaction (a region with several requests), the primary's request
   * goes first, alone: its lock is what the heartbeat keeps alive, and until it exists a reader
   * that meets one of the other locks may roll the whole transaction back.
   */
  private long prewrite(boolean onePcWanted) {
    List<RegionRpc.Batch<Kvrpcpb.Mutation>> initial = batches(mutations, engine.operationDeadline());
    boolean onePc = onePcWanted && initial.size() == 1;
    if (!onePc) {
      // Several requests (or no 1PC): the prewrite may take long; keep the primary alive from now.
      heartbeat = Heartbeat.start(engine, primary, startTs, false);
    }
    boolean primaryFirst = severalPerRegion(initial);
    boolean primaryDone = false;
    boolean anyLocked = false;
    ArrayDeque<Task> queue = new ArrayDeque<>();
    for (RegionRpc.Batch<Kvrpcpb.Mutation> batch : initial) {
      queue.addLast(new Task(batch, null));
    }
    LinkedBlockingQueue<Task> answered = new LinkedBlockingQueue<>();
    List<Task> inFlight = new ArrayList<>();
    try {
      while (!queue.isEmpty() || !inFlight.isEmpty()) {
        int width = primaryFirst && !primaryDone ? 1 : MAX_IN_FLIGHT;
        while (inFlight.size() < width && !queue.isEmpty()) {
          Task task = queue.pollFirst();
          if (task.deadline == null) {
            task.deadline = engine.operationDeadline();
          }
          // 1PC only while the whole transaction still is one request.
          task.onePc = onePc && !anyLocked && task.batch.items.size() == mutations.size();
          send(task, answered, inFlight.isEmpty() && queue.isEmpty());
          inFlight.add(task);
        }
        Task task = nextAnswer(answered);
        inFlight.remove(task);
        long onePcCommitTs = handle(task, queue);
        if (onePcCommitTs != 0) {
          return onePcCommitTs;
        }
        if (task.response != null && task.response.getErrorsCount() == 0 && !task.response.hasRegionError()) {
          anyLocked = true;
          if (task.batch.route.holds(primary)) {
            primaryDone = true;
            if (heartbeat != null) {
              heartbeat.primaryLocked();
            }
          }
        }
      }
      return 0;
    } catch (RuntimeException e) {
      // Requests still out may yet be applied: their keys are rolled back with the rest.
      for (Task task : inFlight) {
        holdsLocks(task.batch.items);
      }
      throw e;
    }
  }

  /** Sends a prewrite request: a blocking call if it is the only one, else asynchronously. */
  private void send(Task task, LinkedBlockingQueue<Task> answered, boolean alone) {
    Kvrpcpb.PrewriteRequest request = prewriteRequest(task.batch, task.onePc);
    if (alone) {
      // A blocking call answers on this thread, saving the hop through gRPC's executor.
      try {
        task.response = rpc.call(task.batch.route, TikvGrpc.getKvPrewriteMethod(), request, task.deadline);
      } catch (StatusRuntimeException e) {
        task.future = Futures.immediateFailedFuture(e);
      }
      answered.add(task);
      return;
    }
    task.future = rpc.callAsync(task.batch.route, TikvGrpc.getKvPrewriteMethod(), request, task.deadline);
    task.future.addListener(() -> answered.add(task), MoreExecutors.directExecutor());
  }

  private Task nextAnswer(LinkedBlockingQueue<Task> answered) {
    try {
      // Every call carries a deadline of at most the request timeout; the extra second only
      // guards against a lost callback.
      Task task = answered.poll(rpc.requestTimeoutMillis() + 1_000, TimeUnit.MILLISECONDS);
      if (task == null) {
        throw new ErgoKvException("no prewrite request of transaction " + Long.toUnsignedString(startTs)
            + " completed within " + (rpc.requestTimeoutMillis() + 1_000) + " ms, though each has a deadline");
      }
      return task;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErgoKvException("interrupted while prewriting transaction " + Long.toUnsignedString(startTs), e);
    }
  }

  /**
   * Handles one answer: queues what must be sent again (ahead of what was not sent yet), throws
   * what fails the transaction, and returns the commit ts of a 1PC commit (else 0).
   */
  private long handle(Task task, ArrayDeque<Task> queue) {
    RegionRpc.Batch<Kvrpcpb.Mutation> batch = task.batch;
    if (task.response == null) {
      StatusRuntimeException failure;
      try {
        task.response = rpc.await(task.future, task.deadline);
        failure = null;
      } catch (StatusRuntimeException e) {
        failure = e;
      }
      if (failure != null) {
        if (RegionRpc.mayHaveArrived(failure)) {
          // It may have been applied: roll it back if this commit fails; a 1PC request may even
          // have committed.
          holdsLocks(batch.items);
          onePcInDoubt |= task.onePc;
        }
        rpc.onSendFailure(batch.route, failure, task.deadline, describe(batch));
        again(task, queue);
        return 0;
      }
    }
    Kvrpcpb.PrewriteResponse resp = task.response;
    if (resp.hasRegionError()) {
      rpc.onRegionError(batch.route, resp.getRegionError(), task.deadline, describe(batch));
      again(task, queue);
      return 0;
    }
    if (resp.getErrorsCount() > 0) {
      // Prewrite is all or nothing per request: nothing of this batch was written.
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      for (Kvrpcpb.KeyError error : resp.getErrorsList()) {
        if (error.hasConflict() && error.getConflict().getConflictTs() == startTs) {
          throw selfRolledBack(error.getConflict());
        }
        if (!error.hasLocked()) {
          throw classify(error);
        }
        locks.add(error.getLocked());
      }
      engine.resolver().resolveForWrite(locks, startTs, task.deadline);
      again(task, queue);
      return 0;
    }
    if (task.onePc && resp.getOnePcCommitTs() != 0) {
      LOG.debug("transaction {} committed in one phase at {}", startTs, resp.getOnePcCommitTs());
      return resp.getOnePcCommitTs();
    }
    holdsLocks(batch.items);
    return 0;
  }

  /** Queues a request again, re-grouped (its region may have split), with the budget it has left. */
  private void again(Task task, ArrayDeque<Task> queue) {
    List<RegionRpc.Batch<Kvrpcpb.Mutation>> regrouped = batches(task.batch.items, task.deadline);
    for (int i = regrouped.size() - 1; i >= 0; i--) {
      queue.addFirst(new Task(regrouped.get(i), task.deadline));
    }
  }

  /** Whether some region gets more than one request: a large transaction. */
  private static boolean severalPerRegion(List<RegionRpc.Batch<Kvrpcpb.Mutation>> batches) {
    for (int i = 1; i < batches.size(); i++) {
      if (batches.get(i).route.region.getId() == batches.get(i - 1).route.region.getId()) {
        return true;
      }
    }
    return false;
  }

  private static String describe(RegionRpc.Batch<Kvrpcpb.Mutation> batch) {
    long bytes = 0;
    for (Kvrpcpb.Mutation m : batch.items) {
      bytes += m.getKey().size() + m.getValue().size();
    }
    return "KvPrewrite of " + batch.items.size() + " key(s), " + (bytes + 1023) / 1024 + " KiB,";
  }

  /**
   * Settles a 1PC request whose answer was lost: asks the primary's status with {@code
   * rollback_if_not_exist}, which either finds the commit or leaves a rollback record that keeps
   * the request (should it still arrive) from committing. Returns the commit ts, or 0 when the
   * transaction is surely not committed.
   *
   * @throws CommitOutcomeUnknownException if TiKV could not be asked
   */
  private long settleOnePc(RuntimeException failure) {
    Deadline deadline = engine.operationDeadline();
    Kvrpcpb.CheckTxnStatusResponse status;
    try {
      // current_ts = the start ts: no TSO call (PD may be what failed), and a lock (TiKV declined
      // 1PC) never looks expired: this transaction rolls it back itself.
      status = engine.resolver().checkTxnStatus(primary, startTs, 0, startTs, true, deadline);
    } catch (RuntimeException e) {
      throw unknown("its one-phase commit request (prewrite with try_one_pc) got no answer", failure, e);
    }
    if (status.hasError()) {
      throw unknown(
          "its one-phase commit request (prewrite with try_one_pc) got no answer",
          failure,
          LockResolver.unexpected("checking the status of transaction " + Long.toUnsignedString(startTs), status.getError()));
    }
    if (status.getLockTtl() == 0 && status.getCommitVersion() != 0) {
      LOG.debug("transaction {}: its lost 1PC request committed at {}", startTs, status.getCommitVersion());
      return status.getCommitVersion();
    }
    // Rolled back now (a record stops a late request), or TiKV declined 1PC and wrote locks, which
    // commit only if this transaction commits them: not committed either way.
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
   *
   * <p>Once a request may have reached TiKV without its answer coming back, the transaction may be
   * committed: from then on no exit rolls it back. When the retries fail, the primary's status
   * settles it ({@link #resolveLostCommit}).
   */
  private long commitPrimary(long firstCommitTs) {
    Deadline deadline = engine.operationDeadline();
    long[] commitTs = {firstCommitTs};
    boolean[] maybeApplied = {false};
    try {
      while (true) {
        Long done = commitPrimaryOnce(commitTs, maybeApplied, deadline);
        if (done != null) {
          return done;
        }
      }
    } catch (RuntimeException e) {
      if (!maybeApplied[0] || e instanceof CommitOutcomeUnknownException) {
        throw e;
      }
      return resolveLostCommit(e, commitTs, maybeApplied);
    }
  }

  /**
   * One attempt at committing the primary's region: the commit ts, or null to try again (after
   * the backoff a failure asked for).
   */
  private Long commitPrimaryOnce(long[] commitTs, boolean[] maybeApplied, Deadline deadline) {
    RegionRpc.Route route = rpc.route(primary, deadline);
    List<byte[]> inRegion = new ArrayList<>();
    for (byte[] key : lockedKeys()) {
      if (route.holds(key)) {
        inRegion.add(key);
      }
    }
    Kvrpcpb.CommitResponse resp;
    try {
      resp = rpc.call(route, TikvGrpc.getKvCommitMethod(), commitRequest(route, inRegion, commitTs[0]), deadline);
    } catch (StatusRuntimeException e) {
      maybeApplied[0] |= RegionRpc.mayHaveArrived(e);
      rpc.onSendFailure(route, e, deadline, "KvCommit of the primary key");
      return null;
    }
    if (resp.hasRegionError()) {
      rpc.onRegionError(route, resp.getRegionError(), deadline, "KvCommit of the primary key");
      return null;
    }
    if (!resp.hasError()) {
      committedWithPrimary = inRegion;
      return commitTs[0];
    }
    Kvrpcpb.KeyError error = resp.getError();
    if (error.hasCommitTsExpired()) {
      // A reader pushed the primary's min_commit_ts past its snapshot: commit above it. (The lock
      // is still there, so no earlier attempt committed, and a late one meets the same error.)
      commitTs[0] = freshCommitTs(error.getCommitTsExpired().getMinCommitTs(), deadline);
      return null;
    }
    if (KeyErrors.isTxnLockNotFound(error)) {
      return settleLostPrimaryLock(deadline);
    }
    throw LockResolver.unexpected("the commit of transaction " + Long.toUnsignedString(startTs), error);
  }

  /**
   * The primary's commit may have been applied, but the retries failed: asks the primary's status
   * (without judging its TTL, so the question never rolls it back) and, while the lock is still
   * there, sends the commit again, within a budget of its own. Returns the commit ts.
   *
   * @throws WriteConflictException if another transaction rolled it back (not committed)
   * @throws CommitOutcomeUnknownException if neither settled it
   */
  private long resolveLostCommit(RuntimeException failure, long[] commitTs, boolean[] maybeApplied) {
    Deadline deadline = engine.operationDeadline();
    try {
      while (true) {
        Kvrpcpb.CheckTxnStatusResponse status =
            engine.resolver().checkTxnStatus(primary, startTs, 0, 0, false, deadline);
        if (!status.hasError() && status.getLockTtl() == 0) {
          if (status.getCommitVersion() != 0) {
            LOG.debug("transaction {}: its primary turned out committed at {}", startTs, status.getCommitVersion());
            committedWithPrimary = List.of(primary);
            return status.getCommitVersion();
          }
          throw rolledBackByOthers();
        }
        if (status.hasError()) {
          if (!deadline.backoff()) {
            throw LockResolver.unexpected(
                "checking the status of transaction " + Long.toUnsignedString(startTs), status.getError());
          }
          continue;
        }
        // Still locked: the commit has not landed (yet). Committing is idempotent: try again.
        Long done = commitPrimaryOnce(commitTs, maybeApplied, deadline);
        if (done != null) {
          return done;
        }
      }
    } catch (WriteConflictException rolledBack) {
      rolledBack.addSuppressed(failure);
      throw rolledBack;
    } catch (RuntimeException e) {
      throw unknown("the commit of its primary key was sent but its answer was lost", failure, e);
    }
  }

  /** A prewrite met this transaction's own rollback record: a reader rolled it back. */
  private WriteConflictException selfRolledBack(Kvrpcpb.WriteConflict conflict) {
    return new KeyConflictException(
        conflict.getKey().toByteArray(),
        "was not prewritten: transaction " + Long.toUnsignedString(startTs) + " was rolled back by another"
            + " transaction (its locks were found expired, lock TTL " + lockTtl + " ms) before its prewrite landed");
  }

  private WriteConflictException rolledBackByOthers() {
    return new KeyConflictException(
        primary,
        "holds no lock of transaction " + Long.toUnsignedString(startTs) + " at commit: the transaction was"
            + " rolled back by another one that found its lock expired (lock TTL " + lockTtl + " ms)");
  }

  private CommitOutcomeUnknownException unknown(String what, RuntimeException failure, RuntimeException asking) {
    CommitOutcomeUnknownException e =
        new CommitOutcomeUnknownException(
            startTs,
            "the outcome of transaction " + Long.toUnsignedString(startTs) + " is unknown: " + what + " ("
                + failure.getMessage() + "), and asking TiKV whether it committed failed too (" + asking.getMessage()
                + "). It is committed completely or not at all (primary key " + Keys.readable(primary)
                + "); read what it wrote to find out before running it again",
            failure);
    e.addSuppressed(asking);
    return e;
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


}
