package dev.ergokv.localcluster.internal.tiup;

import static dev.ergokv.localcluster.internal.probe.FakePdHttpServer.stores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.FakePdHttpServer;
import dev.ergokv.localcluster.internal.probe.PdHttpStores;
import dev.ergokv.localcluster.internal.probe.StoreState;
import dev.ergokv.localcluster.internal.probe.TransactionCheck;
import dev.ergokv.localcluster.internal.process.FakeExecutables;
import dev.ergokv.localcluster.internal.process.FreePorts;
import dev.ergokv.localcluster.internal.process.ManagedProcess;
import dev.ergokv.localcluster.internal.process.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The TiUP backend against shell scripts posing as tiup, pd-server and tikv-server. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake servers are /bin/sh scripts")
@Timeout(60)
class TiupBackendTest {

  private static final StoreState OFFLINE = new StoreState(1, "127.0.0.1:20160", "Offline");
  private static final StoreState UP = new StoreState(1, "127.0.0.1:20160", "Up");

  @TempDir Path dir;

  private final List<String> transactions = Collections.synchronizedList(new ArrayList<>());
  private final TransactionCheck recordingTransaction =
      (pd, mapping, budget) -> transactions.add(pd + " " + mapping);

  @Test
  void playgroundRunsWithOurPortsAndDirectoryAndIsReadyOnceAStoreIsUpAndATransactionCommits()
      throws Exception {
    Path argv = dir.resolve("tiup.argv");
    FakeExecutables.longRunning(dir.resolve("bin"), "tiup", argv, "Starting component playground");
    Path data = dir.resolve("data");
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(), stores(OFFLINE), stores(UP))) {
      int kvPort = FreePorts.one();

      TiupCluster cluster =
          (TiupCluster)
              TiupBackend.start(
                  options().dataDirectory(data).tiupVersion("v7.5.0").build(),
                  settings(List.of(pd.port(), kvPort)));

      // The fake writes its argv, then prints, then records its child: wait for the last step.
      long childPid = Long.parseLong(FakeExecutables.awaitFile(Path.of(argv + ".child")).trim());
      assertThat(cluster.backend()).isEqualTo(Backend.TIUP);
      assertThat(cluster.pdEndpoints()).containsExactly("127.0.0.1:" + pd.port());
      assertThat(cluster.hostMapping()).isEmpty();
      assertThat(Files.readAllLines(argv))
          .containsExactly(
              "playground", "v7.5.0", "--mode", "tikv-slim", "--without-monitor", "--host",
              "127.0.0.1", "--pd", "1", "--kv", "1", "--pd.port", Integer.toString(pd.port()),
              "--kv.port", Integer.toString(kvPort));
      assertThat(Files.readString(Path.of(argv + ".env")).trim())
          .isEqualTo("TIUP_INSTANCE_DATA_DIR=" + data.toAbsolutePath().resolve("playground"));
      assertThat(pd.requests()).isEqualTo(3);
      assertThat(transactions).containsExactly("[127.0.0.1:" + pd.port() + "] {}");
      assertThat(Files.readString(data.resolve("tiup.log")))
          .contains("Starting component playground");

      List<ManagedProcess> processes = cluster.processes();
      cluster.close();
      cluster.close();

      assertThat(processes).singleElement().satisfies(p -> assertThat(p.isAlive()).isFalse());
      assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive))
          .as("the server tiup started is gone too")
          .isEmpty();
      assertThat(data.resolve("tiup.log")).as("a given data directory is kept").exists();
    }
  }

  @Test
  void aTemporaryDataDirectoryIsDeletedOnCleanClose() throws Exception {
    FakeExecutables.longRunning(dir.resolve("bin"), "tiup", dir.resolve("argv"), "ok");
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(UP))) {
      TiupCluster cluster =
          (TiupCluster) TiupBackend.start(options().build(), settings(List.of(pd.port(), FreePorts.one())));
      Path data = cluster.dataDirectory();
      assertThat(data.resolve("tiup.log")).exists();

      cluster.close();

      assertThat(data).doesNotExist();
    }
  }

  @Test
  void tiupExitingEarlyFailsAtOnceWithExitCodeAndLogTail() throws Exception {
    FakeExecutables.failing(
        dir.resolve("bin"), "tiup", "Error: component `pd` is not installed and cannot be downloaded", 1);
    long begin = System.nanoTime();

    assertThatThrownBy(
            () ->
                TiupBackend.start(
                    options().startTimeout(Duration.ofSeconds(30)).build(),
                    settings(FreePorts.allocate(2))))
        .isInstanceOfSatisfying(
            ClusterStartException.class,
            e -> {
              assertThat(e).isNotInstanceOf(BackendUnavailableException.class);
              assertThat(e.backend()).isEqualTo(Backend.TIUP);
              assertThat(e.getMessage())
                  .startsWith("TiUP playground v7.1.0 (PD 127.0.0.1:")
                  .containsPattern("tiup playground \\(pid \\d+\\) exited with code 1")
                  .contains("Data and logs are kept in ")
                  .contains("--- last lines of tiup playground log ")
                  .endsWith("Error: component `pd` is not installed and cannot be downloaded");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aStoreThatNeverComesUpFailsAfterTheStartTimeoutAndStopsTheProcesses() throws Exception {
    Path argv = dir.resolve("tiup.argv");
    FakeExecutables.longRunning(dir.resolve("bin"), "tiup", argv, "Waiting for tikv instances ready");
    Path data = dir.resolve("data");
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(), stores(OFFLINE))) {

      assertThatThrownBy(
              () ->
                  TiupBackend.start(
                      options().dataDirectory(data).startTimeout(Duration.ofSeconds(1)).build(),
                      settings(List.of(pd.port(), FreePorts.one()))))
          .isInstanceOf(ClusterStartException.class)
          .hasMessageContaining("(PD 127.0.0.1:" + pd.port() + ") did not become ready within 1.0 s")
          .hasMessageContaining("a TiKV store Up in PD (http://127.0.0.1:" + pd.port() + "/pd/api/v1/stores)")
          .hasMessageContaining("last seen: no store is Up: store 1 at 127.0.0.1:20160 is Offline")
          .hasMessageContaining("Data and logs are kept in " + data.toAbsolutePath())
          .hasMessageEndingWith("Waiting for tikv instances ready");

      long childPid = Long.parseLong(FakeExecutables.awaitFile(Path.of(argv + ".child")).trim());
      assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(transactions).isEmpty();
    }
  }

  @Test
  void serverBinariesStartPdFirstThenTikvOnceItAnswers() throws Exception {
    Path bin = dir.resolve("bin");
    Path pdArgv = dir.resolve("pd.argv");
    Path tikvArgv = dir.resolve("tikv.argv");
    FakeExecutables.longRunning(bin, "pd-server", pdArgv, "PD started");
    FakeExecutables.longRunning(bin, "tikv-server", tikvArgv, "TiKV started");
    Path data = dir.resolve("data");
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores(), stores(), stores(UP))) {
      List<Integer> ports = List.of(pd.port(), FreePorts.one(), FreePorts.one(), FreePorts.one());

      TiupCluster cluster =
          (TiupCluster)
              TiupBackend.start(
                  options().binaryDirectory(bin).dataDirectory(data).build(), settings(ports));

      long pdChild = Long.parseLong(FakeExecutables.awaitFile(Path.of(pdArgv + ".child")).trim());
      long tikvChild = Long.parseLong(FakeExecutables.awaitFile(Path.of(tikvArgv + ".child")).trim());
      assertThat(cluster.pdEndpoints()).containsExactly("127.0.0.1:" + pd.port());
      assertThat(Files.readAllLines(pdArgv))
          .containsExactly(
              "--name=pd-0",
              "--data-dir=" + data.resolve("pd").resolve("data"),
              "--client-urls=http://127.0.0.1:" + ports.get(0),
              "--advertise-client-urls=http://127.0.0.1:" + ports.get(0),
              "--peer-urls=http://127.0.0.1:" + ports.get(1),
              "--advertise-peer-urls=http://127.0.0.1:" + ports.get(1),
              "--initial-cluster=pd-0=http://127.0.0.1:" + ports.get(1),
              "--config=" + data.resolve("pd").resolve("pd.toml"));
      assertThat(Files.readAllLines(tikvArgv))
          .containsExactly(
              "--addr=127.0.0.1:" + ports.get(2),
              "--advertise-addr=127.0.0.1:" + ports.get(2),
              "--status-addr=127.0.0.1:" + ports.get(3),
              "--pd-endpoints=http://127.0.0.1:" + ports.get(0),
              "--data-dir=" + data.resolve("tikv").resolve("data"),
              "--config=" + data.resolve("tikv").resolve("tikv.toml"));
      assertThat(data.resolve("pd").resolve("pd.toml")).hasContent(ServerConfig.pdToml().trim());
      assertThat(data.resolve("tikv").resolve("tikv.toml")).hasContent(ServerConfig.tikvToml().trim());
      assertThat(data.resolve("pd.log")).content().contains("PD started");
      assertThat(data.resolve("tikv.log")).content().contains("TiKV started");
      assertThat(cluster.processes()).extracting(ManagedProcess::name).containsExactly("pd-server", "tikv-server");
      assertThat(transactions).hasSize(1);

      cluster.close();

      assertThat(cluster.processes()).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
      assertThat(ProcessHandle.of(pdChild).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(ProcessHandle.of(tikvChild).filter(ProcessHandle::isAlive)).isEmpty();
    }
  }

  @Test
  void pdServerDyingFailsTheStartBeforeTikvIsStarted() throws Exception {
    Path bin = dir.resolve("bin");
    FakeExecutables.failing(bin, "pd-server", "[FATAL] [server.go] [\"bind address already in use\"]", 2);
    FakeExecutables.longRunning(bin, "tikv-server", dir.resolve("tikv.argv"), "TiKV started");
    Path data = dir.resolve("data");

    assertThatThrownBy(
            () ->
                TiupBackend.start(
                    options()
                        .binaryDirectory(bin)
                        .dataDirectory(data)
                        .startTimeout(Duration.ofSeconds(30))
                        .build(),
                    settings(FreePorts.allocate(4))))
        .isInstanceOf(ClusterStartException.class)
        .hasMessageStartingWith("pd-server and tikv-server from " + bin.toAbsolutePath())
        .hasMessageContaining("failed to start: stopped waiting for PD to answer at http://127.0.0.1:")
        .hasMessageFindingMatch("pd-server \\(pid \\d+\\) exited with code 2")
        .hasMessageEndingWith("[FATAL] [server.go] [\"bind address already in use\"]");
    assertThat(data.resolve("pd.log")).exists();
    // The launcher creates the log before it starts the process: no log, no start.
    assertThat(data.resolve("tikv.log")).doesNotExist();
  }

  @Test
  void aBinaryDirectoryWithoutTheServersIsUnavailableNamingWhatIsMissing() throws Exception {
    Path bin = dir.resolve("bin");
    FakeExecutables.script(bin, "pd-server", "exit 0");

    assertThatThrownBy(
            () -> TiupBackend.start(options().binaryDirectory(bin).build(), settings(FreePorts.allocate(4))))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("the binary directory " + bin.toAbsolutePath())
        .hasMessageContaining("has no executable tikv-server")
        .hasMessageContaining(LocalClusterOptions.BINARY_DIRECTORY_PROPERTY);
  }

  @Test
  void withoutTiupAndWithoutBinariesTheBackendIsUnavailableSayingWhatToInstall() {
    TiupSettings nothing =
        new TiupSettings(
            Map.of("PATH", dir.toString()),
            dir.resolve("home"),
            FreePorts::allocate,
            PdHttpStores::new,
            recordingTransaction,
            Duration.ofSeconds(5));

    assertThatThrownBy(() -> TiupBackend.start(options().build(), nothing))
        .isInstanceOfSatisfying(
            BackendUnavailableException.class,
            e -> {
              assertThat(e.backend()).isEqualTo(Backend.TIUP);
              assertThat(e.getMessage())
                  .contains("needs the `tiup` command, which was not found")
                  .contains("looked in: " + dir + ", " + dir.resolve("home").resolve(".tiup").resolve("bin"))
                  .contains("Install TiUP")
                  .contains("ergokv.cluster.binaries")
                  .contains("ERGOKV_CLUSTER_BINARIES");
            });
  }

  private static LocalClusterOptions.Builder options() {
    return LocalClusterOptions.builder().backend(Backend.TIUP).startTimeout(Duration.ofSeconds(20));
  }

  /** The fake bin directory on PATH, these ports, the real HTTP stores probe, a fake transaction. */
  private TiupSettings settings(List<Integer> ports) {
    return new TiupSettings(
        Map.of("PATH", dir.resolve("bin").toString()),
        dir.resolve("home"),
        n -> {
          assertThat(n).isEqualTo(ports.size());
          return ports;
        },
        PdHttpStores::new,
        recordingTransaction,
        Duration.ofSeconds(5));
  }
}
