package dev.ergokv.localcluster.internal.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of the PD and TiKV containers and the host mapping that makes them reachable,
 * kept free of Testcontainers types so tests can assert them on any machine.
 *
 * <p>The pingcap/pd and pingcap/tikv images' entrypoints are pd-server and tikv-server, so these
 * are server flags (those of PD/TiKV v7.x). Inside the container network PD is {@code pd:2379}
 * and TiKV {@code tikv:20160}; both advertise those names, which the host cannot resolve — the
 * client reaches them through the mapped ports via {@link #hostMapping}.
 */
final class ContainerCommands {

  static final String PD_ALIAS = "pd";
  static final String TIKV_ALIAS = "tikv";
  static final int PD_CLIENT_PORT = 2379;
  static final int PD_PEER_PORT = 2380;
  static final int TIKV_PORT = 20160;
  static final int TIKV_STATUS_PORT = 20180;
  static final String PD_CONFIG_PATH = "/ergokv/pd.toml";
  static final String TIKV_CONFIG_PATH = "/ergokv/tikv.toml";

  private ContainerCommands() {}

  static List<String> pd() {
    return List.of(
        "--name=pd",
        "--data-dir=/data/pd",
        "--client-urls=http://0.0.0.0:" + PD_CLIENT_PORT,
        "--advertise-client-urls=" + pdAdvertised(),
        "--peer-urls=http://0.0.0.0:" + PD_PEER_PORT,
        "--advertise-peer-urls=http://" + PD_ALIAS + ":" + PD_PEER_PORT,
        "--initial-cluster=pd=http://" + PD_ALIAS + ":" + PD_PEER_PORT,
        "--config=" + PD_CONFIG_PATH);
  }

  static List<String> tikv() {
    return List.of(
        "--addr=0.0.0.0:" + TIKV_PORT,
        "--advertise-addr=" + tikvAdvertised(),
        "--status-addr=0.0.0.0:" + TIKV_STATUS_PORT,
        "--pd-endpoints=" + pdAdvertised(),
        "--data-dir=/data/tikv",
        "--config=" + TIKV_CONFIG_PATH);
  }

  /** Advertised {@code host:port} to the {@code host:port} reachable from here. */
  static Map<String, String> hostMapping(String host, int mappedPdPort, int mappedTikvPort) {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put(PD_ALIAS + ":" + PD_CLIENT_PORT, host + ":" + mappedPdPort);
    mapping.put(tikvAdvertised(), host + ":" + mappedTikvPort);
    return mapping;
  }

  private static String pdAdvertised() {
    return "http://" + PD_ALIAS + ":" + PD_CLIENT_PORT;
  }

  private static String tikvAdvertised() {
    return TIKV_ALIAS + ":" + TIKV_PORT;
  }
}
