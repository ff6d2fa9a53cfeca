package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/**
 * A backend that cannot run here skips the class with the reason; a setting that makes no sense,
 * or a cluster that fails to start, fails it.
 */
class StartFailureTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void containersWithoutTestcontainersOrDockerSkipEveryClassWithTheReason() {
    EngineExecutionResults results =
        TestKit.request(OwnCluster.class, SharedCluster.class)
            .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, "containers")
            .execute();

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(TestKit.throwables(results.containerEvents().aborted()))
        .hasSize(2)
        .allSatisfy(
            aborted ->
                assertThat(aborted)
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("the CONTAINERS backend is not available here")
                    .hasCauseInstanceOf(BackendUnavailableException.class));
    assertThat(results.containerEvents().failed().count()).isZero();
  }

  @Test
  void tiupWithoutItsServersSkipsWithTheReason(@TempDir Path emptyDirectory) {
    EngineExecutionResults results =
        TestKit.request(OwnCluster.class)
            .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, "tiup")
            .configurationParameter(
                LocalClusterOptions.BINARY_DIRECTORY_PROPERTY, emptyDirectory.toString())
            .execute();

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(TestKit.throwables(results.containerEvents().aborted()))
        .singleElement()
        .satisfies(
            aborted ->
                assertThat(aborted.getMessage())
                    .contains(OwnCluster.class.getName())
                    .contains("the TIUP backend is not available here")
                    .contains("pd-server"));
  }

  @Test
  void anExternalBackendWithoutEndpointsSkipsSayingHowToNameThem() {
    Assumptions.assumeTrue(
        System.getenv(LocalClusterOptions.BACKEND_ENVIRONMENT_VARIABLE) == null,
        "this environment sets " + LocalClusterOptions.BACKEND_ENVIRONMENT_VARIABLE);
    EngineExecutionResults results =
        TestKit.request(ExternalCluster.class)
            .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, " ")
            .execute();

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(TestKit.throwables(results.containerEvents().aborted()))
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("the EXTERNAL backend is not available here")
        .contains("ergokv.cluster=external:host:port");
  }

  @Test
  void anOverrideThatIsNotUnderstoodFailsTheClassNamingTheSetting() {
    EngineExecutionResults results =
        TestKit.request(OwnCluster.class, SharedCluster.class)
            .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, "docker")
            .execute();

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(TestKit.throwables(results.containerEvents().failed()))
        .hasSize(2)
        .allSatisfy(
            failure ->
                assertThat(failure)
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("ergokv.cluster=docker")
                    .hasMessageContaining("expected embedded, tiup, containers or external"));
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake servers are shell scripts")
  void aClusterThatFailsToStartFailsTheClassWithTheCause(@TempDir Path binaries) throws Exception {
    for (String server : new String[] {"pd-server", "tikv-server"}) {
      Path script = binaries.resolve(server);
      Files.writeString(
          script,
          "#!/bin/sh\necho \"" + server + ": cannot bind the port\" >&2\nexit 3\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    EngineExecutionResults results =
        TestKit.request(OwnCluster.class)
            .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, "tiup")
            .configurationParameter(
                LocalClusterOptions.BINARY_DIRECTORY_PROPERTY, binaries.toString())
            .execute();

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(results.containerEvents().aborted().count()).isZero();
    assertThat(TestKit.throwables(results.containerEvents().failed()))
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure).isInstanceOf(ClusterStartException.class);
              assertThat(((ClusterStartException) failure).backend()).isEqualTo(Backend.TIUP);
              assertThat(failure.getMessage())
                  .contains(OwnCluster.class.getName())
                  .contains("did not start")
                  .contains("cannot bind the port");
            });
  }

  @TestKitFixture
  @TiKVCluster
  static class OwnCluster {
    @Test
    void neverRuns(LocalCluster cluster) {
      Recorder.saw(OwnCluster.class, "test", cluster);
    }
  }

  @TestKitFixture
  @TiKVCluster(shared = true)
  static class SharedCluster {
    @Test
    void neverRuns(LocalCluster cluster) {
      Recorder.saw(SharedCluster.class, "test", cluster);
    }
  }

  @TestKitFixture
  @TiKVCluster(backend = Backend.EXTERNAL)
  static class ExternalCluster {
    @Test
    void neverRuns(LocalCluster cluster) {
      Recorder.saw(ExternalCluster.class, "test", cluster);
    }
  }
}
