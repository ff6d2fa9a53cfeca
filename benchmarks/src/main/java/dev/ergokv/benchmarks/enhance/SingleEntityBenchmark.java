package dev.ergokv.benchmarks.enhance;

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
 * One entity ({@link Person}) at a time, enhanced against un-enhanced: a load in a read-only
 * transaction, a save of a new entity, and an update (load, change through the entity's own
 * method, commit). Each pays the cluster round trips, which dwarf the entity layer's own work;
 * {@link CodecBenchmark} measures that work alone.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SingleEntityBenchmark {

  private static final int STORED = 256;

  /** One fork's cluster with {@value #STORED} people. */
  public abstract static class People {
    Fixture fixture;
    long next;
    long nextNew = STORED;

    abstract boolean enhanced();

    @Setup(Level.Trial)
    public void start() {
      fixture = Fixture.start(enhanced());
      fixture.insert(STORED, Person::new);
    }

    @TearDown(Level.Trial)
    public void stop() {
      fixture.close();
    }

    Person load() {
      long id = next++ % STORED;
      return fixture.kv.read(tx -> tx.load(Person.class, id)).orElseThrow();
    }

    void save() {
      Person person = new Person(nextNew++);
      fixture.kv.transact(tx -> tx.save(person));
    }

    void update() {
      long id = next++ % STORED;
      int change = (int) next;
      fixture.kv.transact(tx -> tx.load(Person.class, id).orElseThrow().change(change));
    }
  }

  /** Entity classes enhanced by the agent. */
  @State(Scope.Thread)
  public static class Enhanced extends People {
    @Override
    boolean enhanced() {
      return true;
    }
  }

  /** The same entity classes, un-enhanced. */
  @State(Scope.Thread)
  public static class Plain extends People {
    @Override
    boolean enhanced() {
      return false;
    }
  }

  /** {@code kv.read(tx -> tx.load(Person.class, id))}. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public Person loadEnhanced(Enhanced state) {
    return state.load();
  }

  @Benchmark
  @Fork(1)
  public Person loadPlain(Plain state) {
    return state.load();
  }

  /** {@code kv.transact(tx -> tx.save(new Person(id)))}: reads the (absent) stored value, writes three keys. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public void saveEnhanced(Enhanced state) {
    state.save();
  }

  @Benchmark
  @Fork(1)
  public void savePlain(Plain state) {
    state.save();
  }

  /** {@code kv.transact(tx -> tx.load(Person.class, id).orElseThrow().change(n))}: one key written. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public void updateEnhanced(Enhanced state) {
    state.update();
  }

  @Benchmark
  @Fork(1)
  public void updatePlain(Plain state) {
    state.update();
  }
}
