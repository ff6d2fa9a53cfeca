package dev.ergokv.junit.internal;

import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.opentest4j.TestAbortedException;
import org.tikv.common.TiSession;

/**
 * What one annotated test class uses: its cluster (its own, or the run's shared one), the
 * cluster's session, and its keyspace. Closing releases what belongs to the class alone: its own
 * cluster with that cluster's session; a shared cluster stays for the other classes.
 */
final class ClassResources implements AutoCloseable {

  /** Distinguishes classes of one run even when their keyspace prefixes are equal. */
  private static final AtomicLong CLASSES = new AtomicLong();

  private final Class<?> testClass;
  private final ClusterHandle cluster;
  private final boolean ownsCluster;
  private final String keyspace;

  ClassResources(Class<?> testClass, ClusterHandle cluster, boolean ownsCluster, String prefix) {
    this.testClass = testClass;
    this.cluster = cluster;
    this.ownsCluster = ownsCluster;
    this.keyspace = uniqueKeyspace(prefix.isEmpty() ? testClass.getSimpleName() : prefix);
  }

  /**
   * A name no other class of this run has, and (by its random part) no earlier run against the
   * same external cluster had either, since such a cluster keeps what tests wrote.
   */
  private static String uniqueKeyspace(String prefix) {
    int random = ThreadLocalRandom.current().nextInt();
    return prefix + "-" + CLASSES.incrementAndGet() + "-" + String.format("%08x", random);
  }

  /**
   * The running cluster.
   *
   * @throws TestAbortedException when the backend cannot run here, with the reason
   * @throws ClusterStartException naming the class when the cluster failed to start otherwise
   */
  LocalCluster cluster() {
    try {
      return cluster.cluster();
    } catch (BackendUnavailableException e) {
      throw new TestAbortedException(
          "@TiKVCluster on "
              + testClass.getName()
              + ": the "
              + e.backend()
              + " backend is not available here: "
              + e.getMessage(),
          e);
    } catch (ClusterStartException e) {
      throw new ClusterStartException(
          e.backend(),
          "@TiKVCluster on " + testClass.getName() + ": the cluster did not start: " + e.getMessage(),
          e);
    }
  }

  /** The cluster's one client session (shared with every class on the same cluster). */
  TiSession session() {
    cluster();
    return cluster.session();
  }

  /** The keyspace that isolates this class's data. */
  String keyspace() {
    return keyspace;
  }

  boolean ownsCluster() {
    return ownsCluster;
  }

  @Override
  public void close() {
    if (ownsCluster) {
      cluster.close();
    }
  }
}
