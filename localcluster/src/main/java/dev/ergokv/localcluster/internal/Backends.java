package dev.ergokv.localcluster.internal;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;

/** Dispatches {@link LocalCluster#start(LocalClusterOptions)} to the chosen backend. */
public final class Backends {

  private Backends() {}

  public static LocalCluster start(LocalClusterOptions options) {
    switch (options.backend()) {
      case EMBEDDED:
      case TIUP:
      case CONTAINERS:
      case EXTERNAL:
      default:
        throw new BackendUnavailableException(
            options.backend(), "backend " + options.backend() + " is not implemented yet");
    }
  }
}
