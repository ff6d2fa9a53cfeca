package dev.ergokv.benchmarks.entity;

import dev.ergokv.internal.txn.KvTransaction;
import java.util.List;
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
import org.tikv.common.ByteWrapper;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * Saving a new entity with two indexes (three keys: the entity, its unique key, its index entry)
 * against the unmodified client committing the same three mutations with {@code
 * TwoPhaseCommitter}, and through ErgoKV's own engine without the entity layer. Every invocation
 * writes a new entity, so there are no write conflicts and no updates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SaveBenchmark {

  private static final int BACKOFF_MS = 5_000;

  private EntityClusters clusters;
  private long nextId;

  @Setup(Level.Trial)
  public void start() {
    clusters = new EntityClusters();
  }

  @TearDown(Level.Trial)
  public void stop() {
    clusters.close();
  }

  /** {@code kv.transact(tx -> tx.insert(member))}: no read, three mutations. */
  @Benchmark
  public void ormInsert() {
    Member member = Member.numbered(nextId++);
    clusters.kv.transact(tx -> tx.insert(member));
  }

  /** {@code kv.transact(tx -> tx.save(member))}: reads the stored value first (none), then writes. */
  @Benchmark
  public void ormSave() {
    Member member = Member.numbered(nextId++);
    clusters.kv.transact(tx -> tx.save(member));
  }

  /**
   * The same three mutations through ErgoKV's engine alone (no entity layer): what the entity
   * layer adds on top of its own commit path.
   */
  @Benchmark
  public void engineCommit() {
    byte[][] m = clusters.mutations(Member.numbered(nextId++));
    try (KvTransaction tx = clusters.engine.begin()) {
      tx.insert(m[0], m[1]);
      tx.insert(m[2], m[3]);
      tx.put(m[4], m[5]);
      tx.commit();
    }
  }

  /** The same three mutations through {@code TwoPhaseCommitter}: primary, then the secondaries. */
  @Benchmark
  public void rawTwoPhaseCommit() throws Exception {
    Member member = Member.numbered(nextId++);
    byte[][] m = clusters.mutations(member); // encoding included, as ErgoKV pays it too
    long startTs = clusters.session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(clusters.session, startTs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), m[0], m[1]);
      committer.prewriteSecondaryKeys(
          m[0],
          List.of(new BytePairWrapper(m[2], m[3]), new BytePairWrapper(m[4], m[5])).iterator(),
          BACKOFF_MS);
      long commitTs = clusters.session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), m[0], commitTs);
      committer.commitSecondaryKeys(
          List.of(new ByteWrapper(m[2]), new ByteWrapper(m[4])).iterator(), commitTs, BACKOFF_MS);
    }
  }
}
