package dev.ergokv.benchmarks.txn;

import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
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
 * One key, one transaction, begin to committed: our engine (start ts, then a 1PC prewrite) against
 * client-java's {@code TwoPhaseCommitter} (start ts, prewrite, commit ts, commit), on the same
 * embedded cluster, rotating over the same keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OneKeyCommitBenchmark {

  private static final int KEYS = 1_024;

  private LocalCluster cluster;
  private TiSession session;
  private TikvEngine engine;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    cluster = LocalCluster.start();
    session = Txn.session(cluster);
    engine = Txn.engine(cluster, TikvEngine.Tuning.DEFAULT);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    engine.close();
    session.close();
    cluster.close();
  }

  @Benchmark
  public long ergoKv() {
    next = (next + 1) % KEYS;
    try (KvTransaction tx = engine.begin()) {
      tx.put(Txn.key("one", next), Txn.VALUE);
      tx.commit();
      return tx.startTs();
    }
  }

  @Benchmark
  public long twoPhaseCommitter() throws Exception {
    next = (next + 1) % KEYS;
    return Txn.twoPhaseCommitter(session, Txn.key("one", next), Txn.VALUE);
  }
}
