package dev.ergokv.junit.internal;

import dev.ergokv.ErgoKv;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.ClusterStartException;
import dev.ergokv.localcluster.LocalCluster;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.opentest4j.TestAbortedException;
import org.tikv.common.TiSession;

/**
 * What one annotated test class uses: its cluster (its own, or the run's shared one), the
 * cluster's session, its keyspace and the ErgoKv in it. Closing releases what belongs to the class
 * alone: the ErgoKv, then its own cluster with that cluster's session; a shared cluster stays for
 * the other classes.
 */
final class ClassResources implements AutoCloseable {

  /** Distinguishes classes of one run even when their keyspace prefixes are equal. */
  private static final AtomicLong CLASSES = new AtomicLong();

  private final Class<?> testClass;
  private final ClusterHandle cluster;
  private final boolean ownsCluster;
  private final String keyspace;

  private ErgoKv ergoKv;
  private boolean closed;

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

  /**
   * The class's ErgoKv: on the cluster's session, in the class's keyspace; connected on first
   * call.
   */
  synchronized ErgoKv ergoKv() {
    TiSession session = session();
    if (closed) {
      throw new IllegalStateException("the resources of " + testClass.getName() + " are closed");
    }
    if (ergoKv == null) {
      ergoKv = ErgoKv.builder().session(session).keyspace(keyspace).build();
    }
    return ergoKv;
  }

  /** The keyspace that isolates this class's data. */
  String keyspace() {
    return keyspace;
  }

  /** Closes the ErgoKv, then the cluster if it is the class's own, even if the first fails. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (ergoKv != null) {
        ergoKv.close();
      }
    } finally {
      if (ownsCluster) {
        cluster.close();
      }
    }
  }
}
