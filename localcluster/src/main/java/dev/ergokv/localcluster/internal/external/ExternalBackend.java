package dev.ergokv.localcluster.internal.external;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.ClusterReadiness;
import dev.ergokv.localcluster.internal.probe.Deadline;
import dev.ergokv.localcluster.internal.probe.PdGrpcStores;
import java.util.List;

/**
 * Starts a {@link LocalCluster} on the {@link Backend#EXTERNAL} backend: nothing is started; the
 * given PD endpoints are probed over gRPC ({@code GetMembers}, then {@code GetAllStores}) until a
 * store is Up or {@link LocalClusterOptions#startTimeout()} passes. No data is written: the
 * cluster may belong to someone else. {@link LocalCluster#close()} leaves it running.
 */
public final class ExternalBackend {

  private ExternalBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    List<String> endpoints = options.externalPdEndpoints();
    String label = "external cluster";
    try (PdGrpcStores stores = new PdGrpcStores(endpoints)) {
      ClusterReadiness.builder(Backend.EXTERNAL, label, endpoints)
          .stores(stores)
          .diagnostics(
              () ->
                  "Is PD running and reachable at "
                      + String.join(",", endpoints)
                      + " with at least one TiKV store registered? (The endpoints come from "
                      + LocalClusterOptions.BACKEND_PROPERTY
                      + ", "
                      + LocalClusterOptions.BACKEND_ENVIRONMENT_VARIABLE
                      + " or the options.)")
          .build()
          .await(Deadline.after(options.startTimeout()));
    }
    return new ExternalCluster(endpoints);
  }

  /** A cluster someone else runs: close() has nothing to stop. */
  private static final class ExternalCluster implements LocalCluster {
    private final List<String> endpoints;

    ExternalCluster(List<String> endpoints) {
      this.endpoints = List.copyOf(endpoints);
    }

    @Override
    public Backend backend() {
      return Backend.EXTERNAL;
    }

    @Override
    public List<String> pdEndpoints() {
      return endpoints;
    }

    @Override
    public void close() {
      // Not ours to stop.
    }

    @Override
    public String toString() {
      return "external cluster (PD " + String.join(",", endpoints) + ")";
    }
  }
}
