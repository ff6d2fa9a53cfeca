package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import java.util.List;
import java.util.Optional;

/** A {@link LocalCluster} backed by an in-process {@link EmbeddedServer}. */
final class EmbeddedLocalCluster implements LocalCluster {

  private final EmbeddedServer server;

  EmbeddedLocalCluster(EmbeddedServer server) {
    this.server = server;
  }

  @Override
  public Backend backend() {
    return Backend.EMBEDDED;
  }

  @Override
  public List<String> pdEndpoints() {
    return List.of(server.pdEndpoint());
  }

  @Override
  public Optional<EmbeddedCluster> embedded() {
    return Optional.of(server);
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "LocalCluster[embedded " + server.pdEndpoint() + "]";
  }
}
