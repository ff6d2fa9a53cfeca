package dev.ergokv.localcluster.internal.containers;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;

/** Starts a {@link LocalCluster} on the {@link Backend#CONTAINERS} backend. */
public final class ContainersBackend {

  private ContainersBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    throw new BackendUnavailableException(Backend.CONTAINERS, "the containers backend is not implemented yet");
  }
}
