package dev.ergokv.localcluster.internal.tiup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.internal.probe.RealClusterRoundTrip;
import dev.ergokv.localcluster.internal.process.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts a real PD + TiKV through the TiUP backend and commits a transaction. Runs when {@code
 * tiup} is installed or {@value LocalClusterOptions#BINARY_DIRECTORY_PROPERTY} (or {@value
 * LocalClusterOptions#BINARY_DIRECTORY_ENVIRONMENT_VARIABLE}) names a directory with pd-server and
 * tikv-server; skipped otherwise.
 */
@Timeout(600)
class TiupRealClusterTest {

  @Test
  void startsARealClusterThatCommitsATransactionAndStopsIt() throws Exception {
    LocalClusterOptions options =
        LocalClusterOptions.builder()
            .backend(Backend.TIUP)
            // The first tiup run downloads PD and TiKV.
            .startTimeout(Duration.ofMinutes(8))
            .overrideFrom(onlyBinaries(System.getProperties()), onlyBinaries(System.getenv()))
            .build();
    boolean tiupInstalled =
        TiupLocator.find(System.getenv(), Path.of(System.getProperty("user.home"))).isPresent();
    assumeTrue(
        options.binaryDirectory().isPresent() || tiupInstalled,
        "no `tiup` on PATH, in $TIUP_HOME/bin or ~/.tiup/bin, and "
            + LocalClusterOptions.BINARY_DIRECTORY_PROPERTY
            + " is not set: nothing to start a real TiKV with");

    List<ManagedProcess> processes;
    try (LocalCluster cluster = LocalCluster.start(options)) {
      assertThat(cluster.backend()).isEqualTo(Backend.TIUP);
      RealClusterRoundTrip.commitAndReadBack(cluster);
      processes = ((TiupCluster) cluster).processes();
    }
    assertThat(processes).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
  }

  /** The run-wide binary-directory override only: this test is about TiUP whatever else is set. */
  private static Map<String, String> onlyBinaries(Map<?, ?> settings) {
    Object property = settings.get(LocalClusterOptions.BINARY_DIRECTORY_PROPERTY);
    Object variable = settings.get(LocalClusterOptions.BINARY_DIRECTORY_ENVIRONMENT_VARIABLE);
    if (property != null) {
      return Map.of(LocalClusterOptions.BINARY_DIRECTORY_PROPERTY, property.toString());
    }
    if (variable != null) {
      return Map.of(LocalClusterOptions.BINARY_DIRECTORY_ENVIRONMENT_VARIABLE, variable.toString());
    }
    return Map.of();
  }
}
