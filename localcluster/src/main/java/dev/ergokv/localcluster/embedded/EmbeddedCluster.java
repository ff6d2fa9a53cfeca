package dev.ergokv.localcluster.embedded;

/** The embedded PD + TiKV server: placeholder until the server lands. */
public interface EmbeddedCluster {}
