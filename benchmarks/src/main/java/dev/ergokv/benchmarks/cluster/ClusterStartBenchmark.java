package dev.ergokv.benchmarks.cluster;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tikv.common.TiSession;

/**
 * What a test class pays before its first assertion: start the embedded cluster, connect a
 * client, commit one transaction. Single shots; closing happens outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class ClusterStartBenchmark {

  private LocalCluster cluster;
  private TiSession session;

  /** Cluster start, client connect and the first committed transaction, in one shot. */
  @Benchmark
  public long startToFirstCommittedTransaction() throws Exception {
    cluster = LocalCluster.start();
    session = Clusters.connect(cluster);
    return Clusters.commitOneKey(session, "first".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
  }

  /** Stops what the shot started, unmeasured. */
  @TearDown(Level.Iteration)
  public void stop() throws Exception {
    if (session != null) {
      session.close();
      session = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
