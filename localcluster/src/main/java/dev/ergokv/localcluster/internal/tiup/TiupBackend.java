package dev.ergokv.localcluster.internal.tiup;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;

/** Starts a {@link LocalCluster} on the {@link Backend#TIUP} backend. */
public final class TiupBackend {

  private TiupBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    throw new BackendUnavailableException(Backend.TIUP, "the tiup backend is not implemented yet");
  }
}
