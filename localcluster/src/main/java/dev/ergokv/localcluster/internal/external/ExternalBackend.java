package dev.ergokv.localcluster.internal.external;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;

/** Starts a {@link LocalCluster} on the {@link Backend#EXTERNAL} backend. */
public final class ExternalBackend {

  private ExternalBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    throw new BackendUnavailableException(Backend.EXTERNAL, "the external backend is not implemented yet");
  }
}
