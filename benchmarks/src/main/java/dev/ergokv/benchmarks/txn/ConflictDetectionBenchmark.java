package dev.ergokv.benchmarks.txn;

import dev.ergokv.WriteConflictException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * How long a commit takes to fail on a write conflict, ours against client-java's {@code
 * TwoPhaseCommitter}, for both kinds: a newer committed write of the key ({@code committed}), and
 * a lock on it held by a newer, live transaction ({@code locked}). Each operation is one doomed
 * commit of a fresh key; the conflicting write or lock is made in the (unmeasured) setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
// TwoPhaseCommitter.close() declares Exception; try-with-resources is still right.
@SuppressWarnings("try")
public class ConflictDetectionBenchmark {

  @Param({"committed", "locked"})
  public String conflict;

  private LocalCluster cluster;
  private TiSession session;
  private TikvEngine engine;
  private long next;

  // Prepared per invocation.
  private byte[] key;
  private KvTransaction ours;
  private long theirsStartTs;

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

  /** A transaction of each client begins; then another writes or locks the key, newer than both. */
  @Setup(Level.Invocation)
  public void prepare() throws Exception {
    key = Txn.key("conflict-" + conflict, next++);
    ours = engine.begin();
    ours.put(key, Txn.VALUE);
    theirsStartTs = session.getTimestamp().getVersion();
    if (conflict.equals("committed")) {
      Txn.twoPhaseCommitter(session, key, Txn.VALUE);
    } else {
      // Prewritten and never committed: a live lock (client-java's default TTL is an hour).
      TwoPhaseCommitter holder = new TwoPhaseCommitter(session, session.getTimestamp().getVersion());
      holder.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(Txn.BACKOFF_MS), key, Txn.VALUE);
    }
  }

  @TearDown(Level.Invocation)
  public void release() {
    ours.close();
  }

  @Benchmark
  public Object ergoKv() {
    try {
      ours.commit();
    } catch (WriteConflictException expected) {
      return expected;
    }
    throw new IllegalStateException("no conflict on " + new String(key));
  }

  @Benchmark
  public Object twoPhaseCommitter() throws Exception {
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, theirsStartTs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(Txn.BACKOFF_MS), key, Txn.VALUE);
    } catch (RuntimeException expected) {
      return expected;
    }
    throw new IllegalStateException("no conflict on " + new String(key));
  }
}
