package dev.ergokv.benchmarks.enhance;

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
 * The whole transaction of {@link CommitAfterLoadingBenchmark}: {@code kv.transact} that scans
 * all 10,000 entities (40 pages of 256), changes one, and commits. Loading dominates it, and
 * loading costs about the same enhanced or not, so the ratio is smaller than the commit's.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class LoadAndChangeBenchmark {

  /** One fork's cluster with 10,000 entities. */
  @State(Scope.Thread)
  public abstract static class Stored {
    @Param({"Person", "Document"})
    public String entity;

    Fixture fixture;
    Class<? extends Changeable> type;
    int changes;

    abstract boolean enhanced();

    @Setup(Level.Trial)
    public void start() {
      fixture = Fixture.start(enhanced());
      type = Fixture.entityClass(entity);
      fixture.insert(CommitAfterLoadingBenchmark.ENTITIES, id -> Fixture.newEntity(type, id));
    }

    @TearDown(Level.Trial)
    public void stop() {
      fixture.close();
    }

    void run() {
      int change = ++changes;
      fixture.kv.transact(
          tx -> {
            List<? extends Changeable> all = tx.all(type).toList();
            all.get((change * 7919) % all.size()).change(change);
          });
    }
  }

  /** Entity classes enhanced by the agent. */
  @State(Scope.Thread)
  public static class Enhanced extends Stored {
    @Override
    boolean enhanced() {
      return true;
    }
  }

  /** The same entity classes, un-enhanced. */
  @State(Scope.Thread)
  public static class Plain extends Stored {
    @Override
    boolean enhanced() {
      return false;
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public void enhanced(Enhanced state) {
    state.run();
  }

  @Benchmark
  @Fork(1)
  public void plain(Plain state) {
    state.run();
  }
}
