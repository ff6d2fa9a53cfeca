package dev.ergokv.localcluster.internal.containers;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.ClientTransactionCheck;
import dev.ergokv.localcluster.internal.probe.TransactionCheck;
import java.util.Optional;

/**
 * Starts a {@link LocalCluster} on the {@link Backend#CONTAINERS} backend.
 *
 * <p>Testcontainers is an optional dependency of this module. This class names none of its
 * types: it checks that the library is there and only then touches {@code TestcontainersCluster},
 * the one class (with its helpers) that uses it — so every other backend works without
 * Testcontainers on the classpath.
 */
public final class ContainersBackend {

  /** A class every Testcontainers version we support has. */
  static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

  static final String DEPENDENCY = "org.testcontainers:testcontainers";

  private ContainersBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    return start(options, ContainersBackend.class.getClassLoader(), new ClientTransactionCheck());
  }

  static LocalCluster start(
      LocalClusterOptions options, ClassLoader loader, TransactionCheck transaction) {
    Optional<Throwable> missing = testcontainersMissing(loader);
    if (missing.isPresent()) {
      throw new BackendUnavailableException(
          Backend.CONTAINERS,
          "the containers backend needs Testcontainers, which is not on the classpath: add "
              + DEPENDENCY
              + " (2.x) as a (test) dependency, or choose another backend",
          missing.get());
    }
    return TestcontainersCluster.start(options, transaction);
  }

  /** Why Testcontainers cannot be loaded, or empty when it can. */
  static Optional<Throwable> testcontainersMissing(ClassLoader loader) {
    try {
      Class.forName(PROBE_CLASS, false, loader);
      return Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of(e);
    }
  }
}
