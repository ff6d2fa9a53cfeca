package dev.ergokv.localcluster.internal.process;

/**
 * Configuration files for a one-PD, one-TiKV development cluster, shared by the TiUP-binaries and
 * containers backends. The values are those TiUP playground v1.16.4 applies to such a cluster
 * ({@code instance/pd_config.go}, {@code instance/tikv_config.go}).
 */
public final class ServerConfig {

  private ServerConfig() {}

  /**
   * PD: one replica, so regions of a single store are not forever under-replicated; low-space
   * scheduling off, so a nearly full development disk does not stall it.
   */
  public static String pdToml() {
    return "[replication]\n"
        + "max-replicas = 1\n"
        + "\n"
        + "[schedule]\n"
        + "low-space-ratio = 1.0\n";
  }

  /**
   * TiKV: no reserved disk space (TiKV otherwise refuses writes on a small disk), and few open
   * files so the default descriptor limit suffices.
   */
  public static String tikvToml() {
    return "[storage]\n"
        + "reserve-space = 0\n"
        + "reserve-raft-space = 0\n"
        + "\n"
        + "[rocksdb]\n"
        + "max-open-files = 256\n"
        + "\n"
        + "[raftdb]\n"
        + "max-open-files = 256\n";
  }
}
