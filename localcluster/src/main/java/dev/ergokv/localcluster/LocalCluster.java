package dev.ergokv.localcluster;

import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import dev.ergokv.localcluster.internal.Backends;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PD + TiKV cluster for development and tests, started by {@link #start(LocalClusterOptions)}
 * and stopped by {@link #close()}.
 *
 * <p>The default backend is {@link Backend#EMBEDDED}: an in-process server that the unmodified
 * tikv-client-java talks to over gRPC on 127.0.0.1, with TiKV's Percolator semantics. The same
 * code can run against TiUP, containers or an existing cluster by changing only the options, or
 * for a whole run with the {@value LocalClusterOptions#BACKEND_PROPERTY} system property (see
 * {@link LocalClusterOptions#fromEnvironment()}).
 */
public interface LocalCluster extends AutoCloseable {

  /** Starts a cluster as the environment asks, the embedded one unless told otherwise. */
  static LocalCluster start() {
    return start(LocalClusterOptions.fromEnvironment());
  }

  /**
   * Starts a cluster and returns once it is ready: a cluster we start has committed a transaction;
   * an {@link Backend#EXTERNAL external} one (never written to by us) has answered PD with a store
   * that is Up.
   *
   * @throws ClusterStartException if it cannot start or does not become ready in time; the
   *     message says why and what to install or set
   */
  static LocalCluster start(LocalClusterOptions options) {
    return Backends.start(options);
  }

  /** The backend that runs this cluster. */
  Backend backend();

  /** PD client endpoints as {@code host:port}, in the form tikv-client-java expects. */
  List<String> pdEndpoints();

  /** The PD endpoints joined with commas, ready for {@code TiConfiguration.createDefault}. */
  default String pdAddresses() {
    return String.join(",", pdEndpoints());
  }

  /**
   * Address rewrites the client needs to reach stores that advertise addresses unreachable from
   * here (containers advertise their network alias): advertised {@code host:port} to reachable
   * {@code host:port}. Empty when stores are reachable as advertised.
   */
  default Map<String, String> hostMapping() {
    return Map.of();
  }

  /** The embedded server, for splits and fault injection; empty for every other backend. */
  default Optional<EmbeddedCluster> embedded() {
    return Optional.empty();
  }

  /** Stops what this cluster started (an external cluster is left running). Idempotent. */
  @Override
  void close();
}
