package dev.ergokv.localcluster.internal;

import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.containers.ContainersBackend;
import dev.ergokv.localcluster.internal.embedded.EmbeddedBackend;
import dev.ergokv.localcluster.internal.external.ExternalBackend;
import dev.ergokv.localcluster.internal.tiup.TiupBackend;

/** Dispatches {@link LocalCluster#start(LocalClusterOptions)} to the chosen backend. */
public final class Backends {

  private Backends() {}

  public static LocalCluster start(LocalClusterOptions options) {
    switch (options.backend()) {
      case EMBEDDED:
        return EmbeddedBackend.start(options);
      case TIUP:
        return TiupBackend.start(options);
      case CONTAINERS:
        return ContainersBackend.start(options);
      case EXTERNAL:
        return ExternalBackend.start(options);
      default:
        throw new AssertionError("unknown backend " + options.backend());
    }
  }
}
