/**
 * Local clusters for development and tests: {@link dev.ergokv.localcluster.LocalCluster} with the
 * embedded, TiUP, containers and external backends.
 */
package dev.ergokv.localcluster;
