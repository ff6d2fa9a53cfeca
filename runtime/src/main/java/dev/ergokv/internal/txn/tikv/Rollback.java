package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;

/**
 * Rolls back what a failed commit may have locked. Only for a commit that cannot be committed: its
 * primary's commit was never sent, or a lost 1PC request was settled as not committed. Even so the
 * primary's region goes first and its answer is believed: "committed" there means committed.
 */
final class Rollback {

  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

  private final EngineContext engine;
  private final RegionRpc rpc;
  private final long startTs;
  private final byte[] primary;
  private final long lockTtl;

  Rollback(EngineContext engine, long startTs, byte[] primary, long lockTtl) {
    this.engine = engine;
    this.rpc = engine.rpc();
    this.startTs = startTs;
    this.primary = primary;
    this.lockTtl = lockTtl;
  }

  /**
   * Rolls back every lock this transaction may hold (KvBatchRollback per region), the primary's
   * region first: its answer decides. Returns 0, or the commit ts if the primary answered that the
   * transaction committed (then nothing else is rolled back). Best effort: locks it cannot remove
   * expire with their TTL.
   *
   * <p>After {@link ClusterUnavailableException} the rollback runs in the background: the caller
   * has waited one budget already, and nothing here can be committed (the commit was never sent,
   * or a 1PC request was settled as not committed).
   */
  long after(RuntimeException failure, Collection<byte[]> mayHoldLocks) {
    if (mayHoldLocks.isEmpty()) {
      return 0;
    }
    List<byte[]> keys = new ArrayList<>(mayHoldLocks);
    keys.sort(Keys.ORDER);
    if (failure instanceof ClusterUnavailableException) {
      engine.inBackground(
          () -> {
            try {
              if (rollBack(keys, mayHoldLocks.contains(primary)) != 0) {
                LOG.error("transaction {} was reported failed, but its rollback found it committed", startTs);
              }
            } catch (RuntimeException e) {
              LOG.debug("could not roll back the locks of transaction {} (they expire after {} ms): {}",
                  startTs, lockTtl, e.getMessage());
            }
          });
      return 0;
    }
    try {
      return rollBack(keys, mayHoldLocks.contains(primary));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not roll back the locks of transaction {} (they expire after {} ms): {}",
          startTs, lockTtl, e.getMessage());
      failure.addSuppressed(e);
      return 0;
    }
  }

  /** Returns 0 when rolled back, else the commit ts the primary answered with. */
  private long rollBack(List<byte[]> keys, boolean primaryFirst) {
    Deadline deadline = engine.operationDeadline();
    List<byte[]> first = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>();
    if (primaryFirst) {
      RegionRpc.Route route = rpc.route(primary, deadline);
      for (byte[] key : keys) {
        (route.holds(key) ? first : rest).add(key);
      }
    } else {
      rest.addAll(keys);
    }
    if (!first.isEmpty() && rollBackKeys(first, deadline)) {
      Kvrpcpb.CheckTxnStatusResponse status = engine.resolver().checkTxnStatus(primary, startTs, 0, 0, false, deadline);
      if (!status.hasError() && status.getLockTtl() == 0 && status.getCommitVersion() != 0) {
        return status.getCommitVersion();
      }
    }
    if (!rest.isEmpty()) {
      rollBackKeys(rest, deadline);
    }
    return 0;
  }

  /** Rolls back these keys; true if an answer said the transaction committed. */
  private boolean rollBackKeys(List<byte[]> keys, Deadline deadline) {
    boolean committed = false;
    List<byte[]> pending = keys;
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
          if (KeyErrors.isCommitted(resp.getError())) {
            committed = true;
          } else {
            LOG.warn("rolling back transaction {} answered: {}", startTs, KeyErrors.describe(resp.getError()));
          }
        }
      }
      retry.sort(Keys.ORDER);
      pending = retry;
    }
    return committed;
  }

  private Kvrpcpb.BatchRollbackRequest rollbackRequest(RegionRpc.Batch<byte[]> batch) {
    Kvrpcpb.BatchRollbackRequest.Builder req =
        Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(batch.route.context()).setStartVersion(startTs);
    for (byte[] key : batch.items) {
      req.addKeys(Keys.wrap(key));
    }
    return req.build();
  }}
