package dev.ergokv.benchmarks.entity;

import dev.ergokv.internal.txn.KvTransaction;
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

/**
 * Loading one entity by key in a read-only transaction, against the raw client reading the same
 * key at a fresh timestamp, and against ErgoKV's own engine reading it without the entity layer.
 * All pay one TSO call and one KvGet; the entity layer adds key encoding, its transaction objects
 * and decoding the value into an entity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoadBenchmark {

  private static final int ENTITIES = 256;

  private EntityClusters clusters;
  private byte[][] entityKeys;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    clusters = new EntityClusters();
    clusters.kv.transact(
        tx -> {
          for (long id = 0; id < ENTITIES; id++) {
            tx.insert(Member.numbered(id));
          }
        });
    entityKeys = new byte[ENTITIES][];
    for (int id = 0; id < ENTITIES; id++) {
      entityKeys[id] = clusters.entityKey(id);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    clusters.close();
  }

  /** {@code kv.read(tx -> tx.load(Member.class, id))}. */
  @Benchmark
  public Member ormLoad() {
    next = (next + 1) % ENTITIES;
    long id = next;
    return clusters.kv.read(tx -> tx.load(Member.class, id)).orElseThrow();
  }

  /** The same key through ErgoKV's engine alone: a read-only transaction and one get, no entity. */
  @Benchmark
  public byte[] engineGet() {
    next = (next + 1) % ENTITIES;
    try (KvTransaction tx = clusters.engine.beginReadOnly()) {
      return tx.get(entityKeys[next]).orElseThrow();
    }
  }

  /** {@code session.createSnapshot().get(key)} of the same entity key: the raw value. */
  @Benchmark
  public byte[] rawSnapshotGet() {
    next = (next + 1) % ENTITIES;
    return clusters.session.createSnapshot().get(entityKeys[next]);
  }
}
