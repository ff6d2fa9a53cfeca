package dev.ergokv.localcluster;

/** Where a {@link LocalCluster} runs. */
public enum Backend {
  /** An in-process, wire-compatible PD + TiKV server on loopback. Needs nothing installed. */
  EMBEDDED,
  /** pd-server and tikv-server processes started through TiUP (or from a binary directory). */
  TIUP,
  /** pingcap/pd and pingcap/tikv containers through Testcontainers; needs a Docker engine. */
  CONTAINERS,
  /** A cluster that is already running; only its PD endpoints are given. Never stopped by us. */
  EXTERNAL
}
