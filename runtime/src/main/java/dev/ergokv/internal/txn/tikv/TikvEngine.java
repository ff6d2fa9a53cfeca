package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.kvproto.Kvrpcpb;

/**
 * The transaction engine over tikv-client-java's routing (region cache, PD client) and its kvproto
 * stubs; its own commit path and lock resolution (see {@code docs/transactions.md}).
 *
 * <p>Threads: the caller's for all RPCs (regions are reached in parallel through async calls),
 * plus two small pools of daemon threads named {@code ergokv-txn-*}: lock heartbeats of long
 * commits, and commits of secondary keys after a commit point. {@link #close()} waits for the
 * latter, then stops both, then closes the TiSession if the engine created it.
 *
 * <p>Thread-safe; transactions are not.
 */
public final class TikvEngine implements KvEngine {

  private static final Logger LOG = LoggerFactory.getLogger(TikvEngine.class);

  /**
   * Protocol choices, for tests and benchmarks; {@link #DEFAULT} is what {@link #connect} uses.
   *
   * @param onePhaseCommit ask TiKV for 1PC when a transaction fits one request
   * @param asyncSecondaries commit the keys outside the primary's region after returning
   * @param heartbeats keep the primary lock of a running commit alive
   */
  public record Tuning(boolean onePhaseCommit, boolean asyncSecondaries, boolean heartbeats) {
    /** 1PC, background secondaries, heartbeats. */
    public static final Tuning DEFAULT = new Tuning(true, true, true);
  }

  private final EngineContext context;
  private final TiSession session;
  private final boolean ownsSession;
  private volatile boolean closed;

  private TikvEngine(EngineContext context, TiSession session, boolean ownsSession) {
    this.context = context;
    this.session = session;
    this.ownsSession = ownsSession;
  }

  /**
   * Connects to the cluster described by {@code config}.
   *
   * @throws dev.ergokv.ClusterUnavailableException if PD cannot be reached within the connect
   *     timeout
   * @throws IllegalArgumentException at once, if a PD endpoint is not {@code host:port}
   */
  public static KvEngine connect(EngineConfig config) {
    return connect(config, Tuning.DEFAULT);
  }

  /** {@link #connect(EngineConfig)} with other protocol choices (tests, benchmarks). */
  public static TikvEngine connect(EngineConfig config, Tuning tuning) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(tuning, "tuning");
    TiSession session = config.session();
    boolean owns = session == null;
    List<String> endpoints = config.pdEndpoints();
    if (owns) {
      PdProbe.requireAddresses(endpoints);
      PdProbe.awaitLeader(endpoints, config.connectTimeout());
      session = createSession(config);
    } else if (endpoints.isEmpty()) {
      endpoints = List.of(session.getConf().getPdAddrsString());
    }
    RegionRpc rpc = new RegionRpc(session, config.requestTimeout().toMillis(), endpoints);
    EngineContext context = new EngineContext(rpc, config.requestTimeout(), config.lockTtl(), tuning);
    return new TikvEngine(context, session, owns);
  }

  private static TiSession createSession(EngineConfig config) {
    TiConfiguration conf = TiConfiguration.createDefault(String.join(",", config.pdEndpoints()));
    // The client's 200 ms default fails healthy calls on a busy machine.
    conf.setTimeout(config.requestTimeout().toMillis());
    conf.setForwardTimeout(config.requestTimeout().toMillis());
    conf.setPdFirstGetMemberTimeout(config.connectTimeout().toMillis());
    // Low priority (the client's default) makes TiKV schedule our requests behind others.
    conf.setCommandPriority(Kvrpcpb.CommandPri.Normal);
    // Forwarding through followers applies to the client's own requests only, not ours.
    conf.setEnableGrpcForward(false);
    if (!config.hostMapping().isEmpty()) {
      conf.setHostMapping(new MappedHosts(config.hostMapping()));
    }
    try {
      return TiSession.create(conf);
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException(
          config.pdEndpoints(),
          config.connectTimeout(),
          "cannot connect to PD at " + String.join(", ", config.pdEndpoints()) + ": " + e,
          e);
    }
  }

  @Override
  public KvTransaction begin() {
    requireOpen();
    return new TikvTransaction(context, context.rpc().timestamp(), false);
  }

  @Override
  public KvTransaction beginReadOnly() {
    requireOpen();
    return new TikvTransaction(context, context.rpc().timestamp(), true);
  }

  /**
   * Registers (or renews, or with a zero ttl removes) a PD service GC safe point just below
   * {@code ts}, as TiDB's BR does for a backup's snapshot.
   */
  @Override
  public void holdSnapshot(String service, long ts, Duration ttl) {
    requireOpen();
    long safePoint = ts - 1;
    long seconds = ttl.isZero() ? 0 : Math.max(1, (ttl.toMillis() + 999) / 1000);
    Long minimum;
    try {
      minimum =
          session
              .getPDClient()
              .updateServiceGCSafePoint(
                  service,
                  seconds,
                  safePoint,
                  ConcreteBackOffer.newCustomBackOff(
                      (int) Math.min(Integer.MAX_VALUE, context.operationBudget().toMillis()),
                      session.getPDClient().getClusterId()));
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException(
          context.rpc().pdEndpoints(),
          context.operationBudget(),
          "PD did not register the GC safe point '" + service + "': " + e.getMessage(),
          e);
    }
    if (seconds > 0 && minimum != null && Long.compareUnsigned(minimum, safePoint) > 0) {
      throw new ErgoKvException(
          "The cluster's GC safe point ("
              + minimum
              + ") is past the snapshot timestamp "
              + ts
              + ": versions it needs may be collected already; start again with a fresh snapshot");
    }
  }

  private void requireOpen() {
    context.requireOpen();
  }

  /** The TiSession in use (created by {@link #connect}, or borrowed). */
  TiSession session() {
    return session;
  }

  EngineContext context() {
    return context;
  }

  /**
   * Waits for commits still finishing in the background (bounded), stops the engine's threads,
   * and closes the TiSession if the engine created it. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    context.markClosed();
    Duration budget = context.operationBudget();
    if (!context.drain(budget)) {
      LOG.warn("commits of secondary keys still running after {} ms; readers will finish them", budget.toMillis());
    }
    context.shutdown(budget);
    if (ownsSession) {
      try {
        session.close();
      } catch (Exception e) {
        LOG.warn("closing the TiSession failed", e);
      }
    }
  }
}
