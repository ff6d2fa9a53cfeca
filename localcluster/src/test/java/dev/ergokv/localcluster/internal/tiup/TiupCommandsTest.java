package dev.ergokv.localcluster.internal.tiup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.internal.process.CommandLine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TiupCommandsTest {

  @Test
  void playgroundStartsOnlyPdAndTikvOnOurPortsWithoutMonitoring() {
    CommandLine command =
        TiupCommands.playground(
            Path.of("/opt/tiup/bin/tiup"),
            "v7.1.0",
            41001,
            41002,
            Path.of("/data/c1/playground"),
            Path.of("/data/c1"));

    assertThat(command.arguments())
        .containsExactly(
            "/opt/tiup/bin/tiup",
            "playground",
            "v7.1.0",
            "--mode",
            "tikv-slim",
            "--without-monitor",
            "--host",
            "127.0.0.1",
            "--pd",
            "1",
            "--kv",
            "1",
            "--pd.port",
            "41001",
            "--kv.port",
            "41002");
    assertThat(command.environment())
        .isEqualTo(Map.of("TIUP_INSTANCE_DATA_DIR", "/data/c1/playground"));
    assertThat(command.workingDirectory()).isEqualTo(Path.of("/data/c1"));
  }

  @Test
  void pdServerIsASingleMemberClusterOnLoopback() {
    CommandLine command =
        TiupCommands.pdServer(Path.of("/opt/bin"), 41001, 41002, Path.of("/data/c1/pd"));

    assertThat(command.arguments())
        .containsExactly(
            "/opt/bin/pd-server",
            "--name=pd-0",
            "--data-dir=/data/c1/pd/data",
            "--client-urls=http://127.0.0.1:41001",
            "--advertise-client-urls=http://127.0.0.1:41001",
            "--peer-urls=http://127.0.0.1:41002",
            "--advertise-peer-urls=http://127.0.0.1:41002",
            "--initial-cluster=pd-0=http://127.0.0.1:41002",
            "--config=/data/c1/pd/pd.toml");
    assertThat(command.environment()).isEmpty();
    assertThat(command.workingDirectory()).isEqualTo(Path.of("/data/c1/pd"));
  }

  @Test
  void tikvServerAdvertisesLoopbackAndFindsPd() {
    CommandLine command =
        TiupCommands.tikvServer(Path.of("/opt/bin"), 41003, 41004, 41001, Path.of("/data/c1/tikv"));

    assertThat(command.arguments())
        .containsExactly(
            "/opt/bin/tikv-server",
            "--addr=127.0.0.1:41003",
            "--advertise-addr=127.0.0.1:41003",
            "--status-addr=127.0.0.1:41004",
            "--pd-endpoints=http://127.0.0.1:41001",
            "--data-dir=/data/c1/tikv/data",
            "--config=/data/c1/tikv/tikv.toml");
  }
}
