package dev.ergokv.internal.txn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tikv.common.TiSession;

/**
 * What the TiKV engine needs to connect: filled by {@code ErgoKv.Builder}, consumed by the engine.
 *
 * @param pdEndpoints PD endpoints as {@code host:port}; ignored when {@code session} is given
 * @param hostMapping advertised store address to reachable address (containers); may be empty
 * @param session an existing TiSession to share (one per process is the client's advice); the
 *     engine does not close it. Null: the engine creates and closes its own
 * @param connectTimeout bound on reaching PD at connect; past it, ClusterUnavailableException
 * @param requestTimeout deadline of one RPC to TiKV or PD
 * @param lockTtl TTL of the locks a transaction writes; long transactions keep them alive by
 *     heartbeat, so this bounds how long a crashed writer blocks others
 */
public record EngineConfig(
    List<String> pdEndpoints,
    Map<String, String> hostMapping,
    TiSession session,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration lockTtl) {

  public EngineConfig {
    pdEndpoints = List.copyOf(pdEndpoints);
    hostMapping = Map.copyOf(hostMapping);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(lockTtl, "lockTtl");
    if (session == null && pdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("no PD endpoint and no session to connect with");
    }
  }
}
