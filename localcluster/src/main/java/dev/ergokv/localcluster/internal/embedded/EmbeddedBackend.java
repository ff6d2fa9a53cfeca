package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.io.IOException;
import java.util.List;

/**
 * Starts a {@link LocalCluster} on the {@link Backend#EMBEDDED} backend: an in-process PD + TiKV
 * server on an ephemeral loopback port. It is ready as soon as the port is bound, since every
 * request is served from memory by the calling gRPC thread; no readiness probe is needed.
 */
public final class EmbeddedBackend {

  private EmbeddedBackend() {}

  /**
   * Starts the embedded cluster with the options' split keys.
   *
   * @throws IllegalArgumentException if a split key is empty
   * @throws ClusterStartException if no loopback port can be bound
   */
  public static LocalCluster start(LocalClusterOptions options) {
    List<byte[]> splitKeys = options.splitKeys();
    try {
      return new EmbeddedLocalCluster(EmbeddedServer.start(splitKeys));
    } catch (IOException e) {
      throw new ClusterStartException(
          Backend.EMBEDDED, "cannot bind the embedded PD/TiKV server on 127.0.0.1: " + e.getMessage(), e);
    }
  }
}
