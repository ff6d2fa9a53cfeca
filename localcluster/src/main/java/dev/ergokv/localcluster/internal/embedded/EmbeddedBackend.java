package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;

/** Starts a {@link LocalCluster} on the {@link Backend#EMBEDDED} backend. */
public final class EmbeddedBackend {

  private EmbeddedBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    throw new BackendUnavailableException(Backend.EMBEDDED, "the embedded backend is not implemented yet");
  }
}
