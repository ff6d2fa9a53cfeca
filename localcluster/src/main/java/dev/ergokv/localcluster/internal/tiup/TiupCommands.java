package dev.ergokv.localcluster.internal.tiup;

import dev.ergokv.localcluster.internal.process.CommandLine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command lines of the TiUP backend, built as data so tests can assert them.
 *
 * <p>Flags follow TiUP playground v1.16.4 ({@code components/playground/main.go}: {@code --mode
 * tikv-slim}, {@code --without-monitor}, {@code --host}, {@code --pd}/{@code --kv} counts,
 * {@code --pd.port}, {@code --kv.port}; the last exists since v1.14) and the flags that version
 * passes to pd-server and tikv-server ({@code instance/pd.go}, {@code instance/tikv.go}), which are
 * those of PD and TiKV v7.x. Playground reads its data directory from {@value
 * #INSTANCE_DATA_DIR_VARIABLE} (set by the {@code tiup} runner, which keeps a directory it did not
 * create) — that is how we choose the directory without a tag under TiUP's home.
 */
final class TiupCommands {

  /** Where playground keeps its data and the servers' logs ({@code pd-0/}, {@code tikv-0/}). */
  static final String INSTANCE_DATA_DIR_VARIABLE = "TIUP_INSTANCE_DATA_DIR";

  static final String LOOPBACK = "127.0.0.1";

  private TiupCommands() {}

  /** {@code tiup playground <version> --mode tikv-slim ...}: one PD, one TiKV, no monitoring. */
  static CommandLine playground(
      Path tiup, String version, int pdPort, int kvPort, Path instanceDir, Path workingDir) {
    return new CommandLine(
        List.of(
            tiup.toString(),
            "playground",
            version,
            "--mode",
            "tikv-slim",
            "--without-monitor",
            "--host",
            LOOPBACK,
            "--pd",
            "1",
            "--kv",
            "1",
            "--pd.port",
            Integer.toString(pdPort),
            "--kv.port",
            Integer.toString(kvPort)),
        Map.of(INSTANCE_DATA_DIR_VARIABLE, instanceDir.toString()),
        workingDir);
  }

  /** A single-member PD on loopback; {@code dir} holds its data and config. */
  static CommandLine pdServer(Path binaryDir, int clientPort, int peerPort, Path dir) {
    String client = "http://" + LOOPBACK + ":" + clientPort;
    String peer = "http://" + LOOPBACK + ":" + peerPort;
    return new CommandLine(
        List.of(
            binaryDir.resolve("pd-server").toString(),
            "--name=pd-0",
            "--data-dir=" + dir.resolve("data"),
            "--client-urls=" + client,
            "--advertise-client-urls=" + client,
            "--peer-urls=" + peer,
            "--advertise-peer-urls=" + peer,
            "--initial-cluster=pd-0=" + peer,
            "--config=" + dir.resolve("pd.toml")),
        Map.of(),
        dir);
  }

  /** A TiKV store on loopback registering with the PD at {@code pdClientPort}. */
  static CommandLine tikvServer(
      Path binaryDir, int port, int statusPort, int pdClientPort, Path dir) {
    String addr = LOOPBACK + ":" + port;
    return new CommandLine(
        List.of(
            binaryDir.resolve("tikv-server").toString(),
            "--addr=" + addr,
            "--advertise-addr=" + addr,
            "--status-addr=" + LOOPBACK + ":" + statusPort,
            "--pd-endpoints=http://" + LOOPBACK + ":" + pdClientPort,
            "--data-dir=" + dir.resolve("data"),
            "--config=" + dir.resolve("tikv.toml")),
        Map.of(),
        dir);
  }
}
