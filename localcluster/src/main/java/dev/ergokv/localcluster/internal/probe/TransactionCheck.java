package dev.ergokv.localcluster.internal.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The last readiness step: a transaction through tikv-client-java commits and reads back. A
 * store being Up in PD does not yet mean it serves (regions may still be electing leaders); only
 * a real transaction shows the cluster is usable. An interface so that the sequencing can be
 * tested without a cluster.
 */
@FunctionalInterface
public interface TransactionCheck {

  /**
   * Commits and reads back one transaction; returns normally only if it succeeded.
   *
   * @param pdEndpoints PD addresses for the client
   * @param hostMapping advertised {@code host:port} to reachable {@code host:port}, may be empty
   * @param budget how long this attempt may take
   */
  void run(List<String> pdEndpoints, Map<String, String> hostMapping, Duration budget)
      throws Exception;
}
