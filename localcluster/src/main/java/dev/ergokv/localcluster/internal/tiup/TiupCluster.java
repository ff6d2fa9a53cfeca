package dev.ergokv.localcluster.internal.tiup;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.ClusterReadiness;
import dev.ergokv.localcluster.internal.probe.Deadline;
import dev.ergokv.localcluster.internal.process.CommandLine;
import dev.ergokv.localcluster.internal.process.DataDirectory;
import dev.ergokv.localcluster.internal.process.LogTail;
import dev.ergokv.localcluster.internal.process.ManagedProcess;
import dev.ergokv.localcluster.internal.process.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of local processes: either {@code tiup playground} (which starts pd-server and
 * tikv-server itself) or pd-server and tikv-server started directly. Data and logs live in the
 * data directory; a temporary one is deleted on a clean {@link #close()}, a given one is kept,
 * and after a failed start it is always kept so the logs can be read.
 */
final class TiupCluster implements LocalCluster {

  private static final Logger log = LoggerFactory.getLogger(TiupCluster.class);
  private static final int LOG_TAIL_LINES = 30;
  private static final int SERVER_LOG_TAIL_LINES = 12;

  private final String label;
  private final List<String> pdEndpoints;
  private final DataDirectory dataDirectory;
  private final TiupSettings settings;
  /** In start order; stopped in reverse. */
  private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();
  /** Completes when any of our processes exits: wakes readiness probes at once. */
  private final CompletableFuture<Void> anyExit = new CompletableFuture<>();
  /** Server logs that a launcher (tiup) writes, for failure messages. */
  private final List<Path> serverLogs = new ArrayList<>();

  private final Thread shutdownHook;
  private boolean closed;

  private TiupCluster(String label, int pdPort, DataDirectory dataDirectory, TiupSettings settings) {
    this.label = label;
    this.pdEndpoints = List.of(TiupCommands.LOOPBACK + ":" + pdPort);
    this.dataDirectory = dataDirectory;
    this.settings = settings;
    // A JVM that exits without closing us (a test run cut short) must not leave servers behind.
    this.shutdownHook = new Thread(this::stopProcesses, "ergokv-tiup-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static TiupCluster startPlayground(LocalClusterOptions options, Path tiup, TiupSettings settings) {
    Deadline deadline = Deadline.after(options.startTimeout());
    DataDirectory dir = dataDirectory(options);
    List<Integer> ports = settings.ports().apply(2);
    int pdPort = ports.get(0);
    int kvPort = ports.get(1);
    TiupCluster cluster =
        new TiupCluster("TiUP playground " + options.tiupVersion(), pdPort, dir, settings);
    try {
      Path instanceDir = dir.path().resolve("playground");
      cluster.serverLogs.add(instanceDir.resolve("pd-0").resolve("pd.log"));
      cluster.serverLogs.add(instanceDir.resolve("tikv-0").resolve("tikv.log"));
      CommandLine command =
          TiupCommands.playground(
              tiup, options.tiupVersion(), pdPort, kvPort, instanceDir, dir.path());
      cluster.launch("tiup playground", command, dir.path().resolve("tiup.log"));
      cluster.readiness().await(deadline);
      return cluster;
    } catch (RuntimeException e) {
      cluster.abandon(e);
      throw e;
    }
  }

  static TiupCluster startServers(LocalClusterOptions options, Path binaries, TiupSettings settings) {
    Deadline deadline = Deadline.after(options.startTimeout());
    DataDirectory dir = dataDirectory(options);
    List<Integer> ports = settings.ports().apply(4);
    int pdClientPort = ports.get(0);
    int pdPeerPort = ports.get(1);
    int kvPort = ports.get(2);
    int kvStatusPort = ports.get(3);
    TiupCluster cluster =
        new TiupCluster(
            "pd-server and tikv-server from " + binaries.toAbsolutePath(),
            pdClientPort,
            dir,
            settings);
    try {
      Path pdDir = dir.path().resolve("pd");
      Path tikvDir = dir.path().resolve("tikv");
      write(pdDir.resolve("pd.toml"), ServerConfig.pdToml());
      write(tikvDir.resolve("tikv.toml"), ServerConfig.tikvToml());
      cluster.launch(
          "pd-server",
          TiupCommands.pdServer(binaries, pdClientPort, pdPeerPort, pdDir),
          dir.path().resolve("pd.log"));
      ClusterReadiness readiness = cluster.readiness();
      // TiKV gives up if PD stays unreachable too long; start it once PD answers.
      readiness.awaitPd(deadline);
      cluster.launch(
          "tikv-server",
          TiupCommands.tikvServer(binaries, kvPort, kvStatusPort, pdClientPort, tikvDir),
          dir.path().resolve("tikv.log"));
      readiness.await(deadline);
      return cluster;
    } catch (RuntimeException e) {
      cluster.abandon(e);
      throw e;
    }
  }

  private void launch(String name, CommandLine command, Path logFile) {
    ManagedProcess process;
    try {
      process = ManagedProcess.start(name, command, logFile);
    } catch (IOException e) {
      throw new ClusterStartException(
          Backend.TIUP, "could not start " + name + ": " + command.display() + ": " + e, e);
    }
    processes.add(process);
    process.onExit().thenRun(() -> anyExit.complete(null));
    log.info("{}: started {} (pid {}), log {}", label, name, process.pid(), logFile);
  }

  private ClusterReadiness readiness() {
    return ClusterReadiness.builder(Backend.TIUP, label, pdEndpoints)
        .stores(settings.storesFor().apply(pdEndpoints.get(0)))
        .transaction(settings.transaction())
        .abortWhen(this::firstExit, anyExit)
        .diagnostics(this::diagnostics)
        .build();
  }

  private Optional<String> firstExit() {
    for (ManagedProcess process : processes) {
      Optional<String> exit = process.exitDescription();
      if (exit.isPresent()) {
        return exit;
      }
    }
    return Optional.empty();
  }

  /** Where the data is, and the tail of every log that exists. */
  String diagnostics() {
    StringBuilder out = new StringBuilder();
    out.append("Data and logs are kept in ").append(dataDirectory).append('.');
    for (ManagedProcess process : processes) {
      out.append('\n')
          .append(LogTail.block(process.name(), process.logFile(), LOG_TAIL_LINES));
    }
    for (Path serverLog : serverLogs) {
      if (Files.exists(serverLog)) {
        out.append('\n')
            .append(
                LogTail.block(
                    serverLog.getFileName().toString(), serverLog, SERVER_LOG_TAIL_LINES));
      }
    }
    return out.toString();
  }

  /** After a failed start: stop what runs, keep the data for the logs. */
  private void abandon(RuntimeException cause) {
    try {
      synchronized (this) {
        closed = true;
      }
      removeShutdownHook();
      stopProcesses();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public Backend backend() {
    return Backend.TIUP;
  }

  @Override
  public List<String> pdEndpoints() {
    return pdEndpoints;
  }

  /** The directory holding data and logs. */
  Path dataDirectory() {
    return dataDirectory.path();
  }

  /** The processes we started, in start order. */
  List<ManagedProcess> processes() {
    return List.copyOf(processes);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    removeShutdownHook();
    List<ProcessHandle> survivors = stopProcesses();
    if (survivors.isEmpty()) {
      dataDirectory.deleteIfTemporary();
    }
  }

  private List<ProcessHandle> stopProcesses() {
    List<ProcessHandle> survivors = new ArrayList<>();
    List<ManagedProcess> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    for (ManagedProcess process : reversed) {
      survivors.addAll(process.stop(settings.stopGrace()));
    }
    return survivors;
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) and stops the processes.
      log.debug("JVM shutting down; the shutdown hook stops {}", label);
    }
  }

  private static DataDirectory dataDirectory(LocalClusterOptions options) {
    try {
      return DataDirectory.of(options.dataDirectory(), "ergokv-tiup-");
    } catch (IOException e) {
      throw new ClusterStartException(
          Backend.TIUP, "could not create the cluster data directory: " + e, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterStartException(Backend.TIUP, "could not write " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return label + " (PD " + String.join(",", pdEndpoints) + ", data " + dataDirectory + ")";
  }
}
