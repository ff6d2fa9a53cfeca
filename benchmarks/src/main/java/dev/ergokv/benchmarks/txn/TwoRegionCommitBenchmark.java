package dev.ergokv.benchmarks.txn;

import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A transaction over two regions (so 2PC: prewrite both, commit ts, commit the primary's region,
 * then the other's), with the secondary region committed before {@code commit()} returns ({@code
 * asyncSecondaries=false}) or in the background after it ({@code true}, the default). The second
 * benchmark reads the secondary key right after committing, which is where a background commit
 * could cost: a reader that meets the not yet committed lock resolves it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TwoRegionCommitBenchmark {

  private static final int KEYS = 1_024;

  @Param({"true", "false"})
  public boolean asyncSecondaries;

  private LocalCluster cluster;
  private TikvEngine engine;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys("m".getBytes(StandardCharsets.UTF_8)).build());
    engine = Txn.engine(cluster, new TikvEngine.Tuning(true, asyncSecondaries, true));
  }

  @TearDown(Level.Trial)
  public void stop() {
    engine.close();
    cluster.close();
  }

  @Benchmark
  public long commit() {
    next = (next + 1) % KEYS;
    try (KvTransaction tx = engine.begin()) {
      tx.put(Txn.key("a-two", next), Txn.VALUE);
      tx.put(Txn.key("z-two", next), Txn.VALUE);
      tx.commit();
      return tx.startTs();
    }
  }

  @Benchmark
  public Object commitThenReadSecondary() {
    commit();
    try (KvTransaction tx = engine.beginReadOnly()) {
      return tx.get(Txn.key("z-two", next)).orElseThrow();
    }
  }
}
