package dev.ergokv.internal.txn.tikv;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Keeps a committing transaction's primary lock ahead of the cluster's clock: TTL = the
 * transaction's age by PD's clock + the configured TTL, renewed every third of the TTL.
 *
 * <p>It may start before the prewrite (a prewrite of several requests can outlast the TTL): until
 * the primary's lock is known to be written, a beat that finds no lock is not the end of it.
 * Afterwards, a beat that finds no lock stops it: the transaction committed or was rolled back.
 */
final class Heartbeat implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final EngineContext engine;
  private final byte[] primary;
  private final long startTs;
  private volatile boolean primaryLocked;
  private volatile ScheduledFuture<?> schedule;

  private Heartbeat(EngineContext engine, byte[] primary, long startTs) {
    this.engine = engine;
    this.primary = primary;
    this.startTs = startTs;
  }

  /** Starts beating (unless heartbeats are tuned off); {@code primaryLocked}: its lock exists. */
  static Heartbeat start(EngineContext engine, byte[] primary, long startTs, boolean primaryLocked) {
    Heartbeat heartbeat = new Heartbeat(engine, primary, startTs);
    heartbeat.primaryLocked = primaryLocked;
    if (engine.tuning().heartbeats()) {
      long period = Math.max(50, engine.lockTtlMillis() / 3);
      try {
        heartbeat.schedule = engine.heartbeats().scheduleWithFixedDelay(heartbeat, period, period, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        LOG.debug("no heartbeat for transaction {}: the engine is closing", startTs);
      }
    }
    return heartbeat;
  }

  /** The primary's prewrite succeeded: from now on a missing lock means the commit ended. */
  void primaryLocked() {
    primaryLocked = true;
  }

  void stop() {
    ScheduledFuture<?> s = schedule;
    if (s != null) {
      s.cancel(false);
    }
  }

  @Override
  public void run() {
    try {
      long now = engine.rpc().timestamp();
      long ttl = Timestamps.physical(now) - Timestamps.physical(startTs) + engine.lockTtlMillis();
      Deadline deadline = engine.operationDeadline();
      while (true) {
        RegionRpc.Route route = engine.rpc().route(primary, deadline);
        Kvrpcpb.TxnHeartBeatRequest req =
            Kvrpcpb.TxnHeartBeatRequest.newBuilder()
                .setContext(route.context())
                .setPrimaryLock(Keys.wrap(primary))
                .setStartVersion(startTs)
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
        if (!resp.hasError()) {
          engine.heartbeatSent();
        } else if (primaryLocked) {
          // The primary lock is gone (committed, or rolled back): nothing left to keep alive.
          stop();
        }
        return;
      }
    } catch (RuntimeException e) {
      LOG.debug("heartbeat of transaction {} failed: {}", startTs, e.toString());
    }
  }
}
