package dev.ergokv.localcluster.embedded;

import java.time.Duration;
import java.util.List;

/**
 * The embedded PD + TiKV server behind a {@link dev.ergokv.localcluster.LocalCluster} started on
 * the {@link dev.ergokv.localcluster.Backend#EMBEDDED} backend, as seen by tests: its regions, a
 * split at run time, fault injection, a simulated writer crash and a controllable clock.
 *
 * <p>The server speaks the PD and TiKV gRPC protocols on one loopback port, so the unmodified
 * tikv-client-java talks to it as to a one-store cluster. Data lives in memory only.
 *
 * <p>Keys given to and returned by this interface are <em>user keys</em>: the keys the
 * transactional client passes. Region boundaries are kept memcomparable-encoded, as TiKV keeps them
 * for transactional data; the raw client routes on the same encoded boundaries, so one cluster
 * serves both.
 *
 * <p>Instances are thread-safe.
 */
public interface EmbeddedCluster {

  /** The PD endpoint as {@code 127.0.0.1:port}; the TiKV store answers on the same address. */
  String pdEndpoint();

  /** The current regions in key order, first to last. */
  List<RegionInfo> regions();

  /**
   * Splits the regions at these user keys. A key that already is a region boundary is ignored.
   * Each split bumps the epoch version of the regions it produces, so a client that routes with
   * the old layout gets {@code EpochNotMatch} (with the current regions) and re-routes.
   *
   * @throws IllegalArgumentException if a key is empty (the empty key is the start of the first
   *     region and cannot be a split point)
   */
  void split(byte[]... userKeys);

  /**
   * Makes the next {@code times} calls of one RPC fail as {@code fault} says; further calls are
   * served normally again. Faults armed for the same RPC are used up in the order they were armed.
   *
   * @param rpc the gRPC method name as in kvproto, e.g. {@code "KvPrewrite"}, {@code "KvGet"},
   *     {@code "RawPut"}, {@code "GetRegion"}, {@code "Tso"}
   * @param times how many calls fail, at least 1
   * @throws IllegalArgumentException if {@code rpc} names no PD or TiKV method, if {@code times} is
   *     not positive, or if a region error is asked of a PD method (PD responses carry none)
   */
  void failNext(String rpc, int times, Fault fault);

  /**
   * How many calls of {@code rpc} will still fail: armed by {@link #failNext} and not yet used up.
   * Lets a test check that the client really met the faults it armed.
   */
  int pendingFaults(String rpc);

  /** Forgets every fault armed by {@link #failNext} that has not been used up. */
  void clearFaults();

  /**
   * Arms a writer crash: the next successful {@code KvPrewrite} is applied (its locks stay), then
   * the server stops abruptly without answering it, dropping every connection. The writer never
   * learns that its prewrite succeeded and cannot commit, which leaves its locks behind like a
   * client that died between prewrite and commit. The data survives; {@link #restart()} serves it
   * again on the same port.
   */
  void crashAfterNextPrewrite();

  /** Whether the server accepts connections (false after a crash, until {@link #restart()}). */
  boolean isServing();

  /**
   * Serves again on the same port with the same data, regions and clock after a crash. Does
   * nothing while serving.
   *
   * @throws IllegalStateException if the port cannot be bound again or the cluster is closed
   */
  void restart();

  /**
   * Moves the server's physical clock forward. Timestamps from the TSO and every TTL judgement
   * (lock expiry through {@code current_ts}, raw key TTL) follow it, so a test can let a lock
   * expire without sleeping.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  void advanceClock(Duration duration);

  /**
   * Allocates a timestamp from the TSO, exactly as a PD {@code Tso} call would (strictly
   * increasing, physical milliseconds shifted left by 18 bits plus a logical counter). Useful for
   * tests that call TiKV RPCs directly.
   */
  long timestamp();

  /** User keys that currently hold a transaction lock (prewrite or pessimistic), in key order. */
  List<byte[]> lockedKeys();
}
