/**
 * JUnit Jupiter support: {@link dev.ergokv.junit.TiKVCluster} runs a test class against a TiKV
 * cluster and injects the cluster, an {@code ErgoKv} in the class's own keyspace, and the raw
 * {@code TiSession}.
 */
package dev.ergokv.junit;
