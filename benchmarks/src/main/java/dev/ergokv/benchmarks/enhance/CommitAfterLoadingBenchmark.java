package dev.ergokv.benchmarks.enhance;

import dev.ergokv.Transaction;
import java.util.List;
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
 * The commit of a transaction that loaded 10,000 entities and changed one of them, enhanced
 * against un-enhanced. Only {@code commit()} is measured: the transaction, its scan of all 10,000
 * entities and the change are made before each invocation. The commit finds the one changed
 * entity and writes it (one key: the changed field has no index).
 *
 * <p>{@code entity=Person}: every field tracked exactly, so an enhanced commit asks each instance
 * for its dirty bit. {@code entity=Document}: a {@code byte[]} field the enhancer cannot track, so
 * even an enhanced commit compares that field of every instance.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class CommitAfterLoadingBenchmark {

  static final int ENTITIES = 10_000;

  /** One fork's cluster with 10,000 entities, and a loaded transaction before each commit. */
  @State(Scope.Thread)
  public abstract static class Loaded {
    @Param({"Person", "Document"})
    public String entity;

    private Fixture fixture;
    private Class<? extends Changeable> type;
    private int changes;
    Transaction pending;

    abstract boolean enhanced();

    @Setup(Level.Trial)
    public void start() {
      fixture = Fixture.start(enhanced());
      type = Fixture.entityClass(entity);
      fixture.insert(ENTITIES, id -> Fixture.newEntity(type, id));
    }

    @Setup(Level.Invocation)
    public void loadAllAndChangeOne() {
      pending = fixture.kv.begin();
      List<? extends Changeable> all = pending.all(type).toList();
      if (all.size() != ENTITIES) {
        throw new IllegalStateException("loaded " + all.size() + " entities, not " + ENTITIES);
      }
      changes++;
      all.get((changes * 7919) % ENTITIES).change(changes);
    }

    @TearDown(Level.Invocation)
    public void endTransaction() {
      pending.close(); // rolls back only if the commit failed
    }

    @TearDown(Level.Trial)
    public void stop() {
      fixture.close();
    }
  }

  /** Entity classes enhanced by the agent. */
  @State(Scope.Thread)
  public static class Enhanced extends Loaded {
    @Override
    boolean enhanced() {
      return true;
    }
  }

  /** The same entity classes, un-enhanced. */
  @State(Scope.Thread)
  public static class Plain extends Loaded {
    @Override
    boolean enhanced() {
      return false;
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public void enhanced(Enhanced state) {
    state.pending.commit();
  }

  @Benchmark
  @Fork(1)
  public void plain(Plain state) {
    state.pending.commit();
  }
}
