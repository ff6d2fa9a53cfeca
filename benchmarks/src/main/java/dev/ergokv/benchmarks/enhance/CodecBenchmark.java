package dev.ergokv.benchmarks.enhance;

import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeySpace;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The entity layer's own CPU work on one {@link Person}, without a cluster: encoding it (what a
 * save or a changed entity costs at flush) and decoding it (what a load costs), with fields read
 * and written through the generated slot accessors (enhanced) or through method handles
 * (un-enhanced). A decoded enhanced instance also gets its list wrapped for tracking.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

  /** A person, its key and its stored value. */
  public abstract static class Encoded {
    EntityCodec<Person> codec;
    Person person;
    byte[] key;
    byte[] value;

    abstract boolean enhanced();

    @Setup(Level.Trial)
    public void prepare() {
      Fixture.requireMode(enhanced());
      codec = EntityCodec.of(Person.class);
      person = new Person(42);
      key = KeySpace.of("enhance").keys(codec.model()).entityKey(42L);
      value = codec.encode(person);
    }
  }

  /** Entity classes enhanced by the agent. */
  @State(Scope.Thread)
  public static class Enhanced extends Encoded {
    @Override
    boolean enhanced() {
      return true;
    }
  }

  /** The same entity classes, un-enhanced. */
  @State(Scope.Thread)
  public static class Plain extends Encoded {
    @Override
    boolean enhanced() {
      return false;
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public byte[] encodeEnhanced(Enhanced state) {
    return state.codec.encode(state.person);
  }

  @Benchmark
  @Fork(1)
  public byte[] encodePlain(Plain state) {
    return state.codec.encode(state.person);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = AgentJar.OPTION)
  public Person decodeEnhanced(Enhanced state) {
    return state.codec.decode(state.key, state.value);
  }

  @Benchmark
  @Fork(1)
  public Person decodePlain(Plain state) {
    return state.codec.decode(state.key, state.value);
  }
}
