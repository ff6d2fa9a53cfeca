package dev.ergokv.localcluster.internal.containers;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.ClusterReadiness;
import dev.ergokv.localcluster.internal.probe.Deadline;
import dev.ergokv.localcluster.internal.probe.PdHttpStores;
import dev.ergokv.localcluster.internal.probe.TransactionCheck;
import dev.ergokv.localcluster.internal.process.DataDirectory;
import dev.ergokv.localcluster.internal.process.LogTail;
import dev.ergokv.localcluster.internal.process.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * PD and TiKV in two containers on a private network. The only class (with {@link
 * FileLogConsumer}) that uses Testcontainers; loaded only after {@link ContainersBackend} has
 * checked that Testcontainers is present.
 */
final class TestcontainersCluster implements LocalCluster {

  private static final Logger log = LoggerFactory.getLogger(TestcontainersCluster.class);

  /** Testcontainers looks for a Docker engine in several places; none may take us forever. */
  static final Duration DOCKER_CHECK_LIMIT = Duration.ofSeconds(20);

  private static final int LOG_TAIL_LINES = 25;

  private final String label;
  private final DataDirectory dataDirectory;
  private final Network network;
  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private final List<FileLogConsumer> logs = new ArrayList<>();
  private List<String> pdEndpoints = List.of();
  private Map<String, String> hostMapping = Map.of();
  private boolean closed;

  private TestcontainersCluster(String label, DataDirectory dataDirectory, Network network) {
    this.label = label;
    this.dataDirectory = dataDirectory;
    this.network = network;
  }

  static LocalCluster start(LocalClusterOptions options, TransactionCheck transaction) {
    Deadline deadline = Deadline.after(options.startTimeout());
    requireDocker(deadline.cap(DOCKER_CHECK_LIMIT));
    DataDirectory dir;
    try {
      dir = DataDirectory.of(options.dataDirectory(), "ergokv-containers-");
    } catch (IOException e) {
      throw new ClusterStartException(
          Backend.CONTAINERS, "could not create the directory for container logs: " + e, e);
    }
    TestcontainersCluster cluster =
        new TestcontainersCluster(
            "containers " + options.pdImage() + " + " + options.tikvImage(),
            dir,
            Network.newNetwork());
    try {
      cluster.startContainers(options, transaction, deadline);
      return cluster;
    } catch (RuntimeException e) {
      cluster.stopContainers(e);
      throw e;
    }
  }

  private void startContainers(
      LocalClusterOptions options, TransactionCheck transaction, Deadline deadline) {
    GenericContainer<?> pd =
        container(options.pdImage(), ContainerCommands.PD_ALIAS, "pd.log", deadline)
            .withExposedPorts(ContainerCommands.PD_CLIENT_PORT)
            .withCopyToContainer(
                Transferable.of(ServerConfig.pdToml()), ContainerCommands.PD_CONFIG_PATH)
            .withCommand(ContainerCommands.pd().toArray(new String[0]));
    launch(pd);
    String host = pd.getHost();
    int pdPort = pd.getMappedPort(ContainerCommands.PD_CLIENT_PORT);
    pdEndpoints = List.of(host + ":" + pdPort);
    ClusterReadiness readiness =
        ClusterReadiness.builder(Backend.CONTAINERS, label, pdEndpoints)
            .stores(new PdHttpStores(pdEndpoints.get(0)))
            .abortWhen(this::firstStopped, new CompletableFuture<>())
            .diagnostics(this::diagnostics)
            .build();
    // TiKV gives up if PD stays unreachable too long; start it once PD answers.
    readiness.awaitPd(deadline);

    GenericContainer<?> tikv =
        container(options.tikvImage(), ContainerCommands.TIKV_ALIAS, "tikv.log", deadline)
            .withExposedPorts(ContainerCommands.TIKV_PORT)
            .withCopyToContainer(
                Transferable.of(ServerConfig.tikvToml()), ContainerCommands.TIKV_CONFIG_PATH)
            .withCommand(ContainerCommands.tikv().toArray(new String[0]));
    launch(tikv);
    hostMapping =
        ContainerCommands.hostMapping(
            host, pdPort, tikv.getMappedPort(ContainerCommands.TIKV_PORT));
    ClusterReadiness.builder(Backend.CONTAINERS, label, pdEndpoints)
        .hostMapping(hostMapping)
        .stores(new PdHttpStores(pdEndpoints.get(0)))
        .transaction(transaction)
        .abortWhen(this::firstStopped, new CompletableFuture<>())
        .diagnostics(this::diagnostics)
        .build()
        .await(deadline);
  }

  private GenericContainer<?> container(
      String image, String alias, String logName, Deadline deadline) {
    FileLogConsumer logConsumer = new FileLogConsumer(dataDirectory.path().resolve(logName));
    logs.add(logConsumer);
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withLogConsumer(logConsumer)
        // Readiness is probed by ClusterReadiness (PD's stores API, then a transaction).
        .waitingFor(new ProbedElsewhere())
        .withStartupTimeout(deadline.remaining());
  }

  private void launch(GenericContainer<?> container) {
    containers.add(container);
    try {
      container.start();
    } catch (RuntimeException e) {
      throw new ClusterStartException(
          Backend.CONTAINERS,
          label
              + ": container "
              + container.getDockerImageName()
              + " did not start: "
              + e.getMessage()
              + "\n"
              + diagnostics(),
          e);
    }
  }

  private Optional<String> firstStopped() {
    for (GenericContainer<?> container : containers) {
      if (!container.isRunning()) {
        return Optional.of("container " + container.getDockerImageName() + " stopped");
      }
    }
    return Optional.empty();
  }

  private String diagnostics() {
    StringBuilder out = new StringBuilder();
    out.append("Container logs are kept in ").append(dataDirectory).append('.');
    for (FileLogConsumer logConsumer : logs) {
      out.append('\n')
          .append(
              LogTail.block(
                  logConsumer.file().getFileName().toString(), logConsumer.file(), LOG_TAIL_LINES));
    }
    return out.toString();
  }

  /** Fails with {@link BackendUnavailableException} unless Testcontainers finds a Docker engine. */
  static void requireDocker(Duration limit) {
    requireDocker(limit, () -> DockerClientFactory.instance().isDockerAvailable());
  }

  /** As above, with the question asked by {@code isDockerAvailable}; it may hang, we don't. */
  static void requireDocker(Duration limit, Callable<Boolean> isDockerAvailable) {
    CompletableFuture<Boolean> available = new CompletableFuture<>();
    Thread check =
        new Thread(
            () -> {
              try {
                available.complete(isDockerAvailable.call());
              } catch (Throwable t) {
                available.completeExceptionally(t);
              }
            },
            "ergokv-docker-check");
    // If Testcontainers hangs looking for an engine, this thread must not keep the JVM alive.
    check.setDaemon(true);
    check.start();
    try {
      if (!available.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS)) {
        throw new BackendUnavailableException(
            Backend.CONTAINERS,
            "the containers backend needs a Docker engine (or a compatible one), and Testcontainers"
                + " found none; start Docker, or point DOCKER_HOST at one, or choose another"
                + " backend");
      }
    } catch (TimeoutException e) {
      throw new BackendUnavailableException(
          Backend.CONTAINERS,
          "Testcontainers did not find a Docker engine within "
              + Deadline.describe(limit)
              + "; start Docker, or point DOCKER_HOST at one, or choose another backend",
          e);
    } catch (ExecutionException e) {
      throw new BackendUnavailableException(
          Backend.CONTAINERS,
          "Testcontainers failed while looking for a Docker engine: " + e.getCause(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException(
          Backend.CONTAINERS, "interrupted while looking for a Docker engine", e);
    }
  }

  @Override
  public Backend backend() {
    return Backend.CONTAINERS;
  }

  @Override
  public List<String> pdEndpoints() {
    return pdEndpoints;
  }

  @Override
  public Map<String, String> hostMapping() {
    return hostMapping;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = stopAll();
    if (failure != null) {
      throw failure;
    }
    dataDirectory.deleteIfTemporary();
  }

  /** After a failed start: stop what runs, keep the logs. */
  private synchronized void stopContainers(RuntimeException cause) {
    closed = true;
    RuntimeException failure = stopAll();
    if (failure != null) {
      cause.addSuppressed(failure);
    }
  }

  private RuntimeException stopAll() {
    RuntimeException failure = null;
    for (int i = containers.size() - 1; i >= 0; i--) {
      try {
        containers.get(i).stop();
      } catch (RuntimeException e) {
        failure = accumulate(failure, e);
      }
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      failure = accumulate(failure, e);
    }
    logs.forEach(FileLogConsumer::close);
    if (failure != null) {
      log.warn("{}: stopping failed: {}", label, failure.toString());
    }
    return failure;
  }

  private static RuntimeException accumulate(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public String toString() {
    return label + " (PD " + String.join(",", pdEndpoints) + ")";
  }

  /** Lets a container count as started once it runs; see ClusterReadiness for the real wait. */
  private static final class ProbedElsewhere extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      // Nothing to wait for here: the caller probes PD and TiKV with one shared deadline.
    }
  }
}
