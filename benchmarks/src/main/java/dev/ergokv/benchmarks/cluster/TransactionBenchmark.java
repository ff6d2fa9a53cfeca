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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tikv.common.TiSession;

/**
 * A one-key transaction through the unmodified client ({@code TwoPhaseCommitter}) against the
 * embedded cluster: the baseline an entity save is compared with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransactionBenchmark {

  private static final int KEYS = 1_024;
  private static final byte[] VALUE = "a value of modest size, like a small entity".getBytes(StandardCharsets.UTF_8);

  private LocalCluster cluster;
  private TiSession session;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    cluster = LocalCluster.start();
    session = Clusters.connect(cluster);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    session.close();
    cluster.close();
  }

  /** Start ts, prewrite, commit ts, commit: one key, rotating over {@value #KEYS} keys. */
  @Benchmark
  public long oneKeyTransaction() throws Exception {
    next = (next + 1) % KEYS;
    return Clusters.commitOneKey(session, Clusters.key("txn", next), VALUE);
  }
}
