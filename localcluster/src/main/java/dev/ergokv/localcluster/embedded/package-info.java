/**
 * The embedded, wire-compatible PD + TiKV server as seen by tests: {@link
 * dev.ergokv.localcluster.embedded.EmbeddedCluster} (regions, split, fault injection, writer
 * crash, clock), {@link dev.ergokv.localcluster.embedded.Fault} and {@link
 * dev.ergokv.localcluster.embedded.RegionInfo}. Obtain it from {@link
 * dev.ergokv.localcluster.LocalCluster#embedded()}.
 */
package dev.ergokv.localcluster.embedded;
