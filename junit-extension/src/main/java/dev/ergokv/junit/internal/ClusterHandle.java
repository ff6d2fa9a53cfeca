package dev.ergokv.junit.internal;

import dev.ergokv.localcluster.LocalCluster;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tikv.common.HostMapping;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.pd.PDUtils;

/**
 * One started cluster (or the reason it could not start) and its one client session, created on
 * first use. Closing closes the session, then the cluster. Thread-safe: shared clusters are used by
 * classes running in parallel.
 *
 * <p>A failed start is kept, not retried: every class that wanted this cluster gets the same
 * answer at once instead of paying for another attempt (a Docker check alone can take seconds).
 */
final class ClusterHandle implements AutoCloseable {

  /** Matches ErgoKv's default request timeout: a shared session's own timeouts apply to ErgoKv. */
  static final int REQUEST_TIMEOUT_MILLIS = 3_000;

  private final LocalCluster cluster;
  private final RuntimeException startFailure;

  private TiSession session;
  private boolean closed;

  private ClusterHandle(LocalCluster cluster, RuntimeException startFailure) {
    this.cluster = cluster;
    this.startFailure = startFailure;
  }

  /** Starts the cluster {@code settings} ask for, keeping a failure to answer with later. */
  static ClusterHandle start(ClusterSettings settings) {
    LocalCluster cluster;
    try {
      cluster = LocalCluster.start(settings.options());
    } catch (RuntimeException e) {
      return new ClusterHandle(null, e);
    }
    return of(cluster);
  }

  /** A handle on a running cluster, which it closes. */
  static ClusterHandle of(LocalCluster cluster) {
    return new ClusterHandle(cluster, null);
  }

  /**
   * The cluster.
   *
   * @throws RuntimeException the exception the start failed with
   */
  LocalCluster cluster() {
    if (startFailure != null) {
      throw startFailure;
    }
    return cluster;
  }

  /** Whether the cluster is running (or was, before close). */
  boolean started() {
    return startFailure == null;
  }

  /** The cluster's client session, connected on first call. */
  synchronized TiSession session() {
    LocalCluster running = cluster();
    if (closed) {
      throw new IllegalStateException("the cluster at " + running.pdAddresses() + " is closed");
    }
    if (session == null) {
      session = connect(running);
    }
    return session;
  }

  /**
   * Closes the session (if one was opened), then the cluster, even when the session fails to
   * close; idempotent.
   *
   * @throws IllegalStateException naming the cluster when either fails to close
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    if (session != null) {
      try {
        session.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failure = new IllegalStateException("closing the TiSession of " + cluster + " failed", e);
      }
    }
    if (cluster != null) {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        IllegalStateException closing = new IllegalStateException("closing " + cluster + " failed", e);
        if (failure == null) {
          failure = closing;
        } else {
          failure.addSuppressed(closing);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static TiSession connect(LocalCluster cluster) {
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    conf.setTimeout(REQUEST_TIMEOUT_MILLIS);
    Map<String, String> mapping = cluster.hostMapping();
    if (!mapping.isEmpty()) {
      conf.setHostMapping(new MappedHosts(mapping));
    }
    try {
      return TiSession.create(conf);
    } catch (RuntimeException e) {
      // client-java reports an unreachable PD as a bare NullPointerException.
      throw new IllegalStateException(
          "cannot connect a TiSession to PD at " + cluster.pdAddresses() + ": " + e, e);
    }
  }

  /** Sends the client to the reachable address of every store that advertises another one. */
  private static final class MappedHosts implements HostMapping {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> advertisedToReachable;

    MappedHosts(Map<String, String> advertisedToReachable) {
      this.advertisedToReachable = new LinkedHashMap<>(advertisedToReachable);
    }

    @Override
    public URI getMappedURI(URI uri) {
      String reachable = advertisedToReachable.get(uri.getHost() + ":" + uri.getPort());
      return reachable == null ? uri : PDUtils.addrToUri(reachable);
    }
  }
}
