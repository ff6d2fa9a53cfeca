package dev.ergokv.benchmarks.enhance;

import dev.ergokv.ErgoKv;
import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.localcluster.LocalCluster;
import java.util.function.LongFunction;

/**
 * An embedded cluster with an ErgoKv on it, for one fork, and the check that the fork runs the
 * entity classes the way its benchmark means to measure them: a fork started without the agent
 * must not report figures for the enhanced path, nor the other way round.
 */
final class Fixture implements AutoCloseable {

  final LocalCluster cluster;
  final ErgoKv kv;

  private Fixture(LocalCluster cluster, ErgoKv kv) {
    this.cluster = cluster;
    this.kv = kv;
  }

  /**
   * Checks the mode, then starts the cluster.
   *
   * @param enhanced whether the benchmark measures enhanced entity classes
   * @throws IllegalStateException when the fork runs them the other way
   */
  static Fixture start(boolean enhanced) {
    requireMode(enhanced);
    LocalCluster cluster = LocalCluster.start();
    try {
      return new Fixture(
          cluster,
          ErgoKv.builder()
              .pdAddresses(cluster.pdAddresses())
              .hostMapping(cluster.hostMapping())
              .keyspace("enhance")
              .strictEnhancement(enhanced)
              .build());
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Fails unless every benchmark entity class is enhanced exactly when {@code enhanced}. */
  static void requireMode(boolean enhanced) {
    for (Class<?> type : new Class<?>[] {Person.class, Document.class}) {
      boolean actual =
          EnhancedEntity.class.isAssignableFrom(type) && EnhancedClass.of(type).isPresent();
      if (actual != enhanced) {
        throw new IllegalStateException(
            actual
                ? type.getName()
                    + " is enhanced in this fork, but the benchmark measures un-enhanced classes:"
                    + " run it without -javaagent"
                : type.getName()
                    + " is not enhanced in this fork, but the benchmark measures enhanced classes:"
                    + " its fork needs "
                    + AgentJar.OPTION
                    + " (built by: mvn -pl benchmarks -am package)");
      }
    }
  }

  /** Inserts entities 0 to {@code count - 1}, a thousand per transaction. */
  void insert(int count, LongFunction<Object> entity) {
    for (int from = 0; from < count; from += 1_000) {
      int start = from;
      int end = Math.min(count, from + 1_000);
      kv.transact(
          tx -> {
            for (long id = start; id < end; id++) {
              tx.insert(entity.apply(id));
            }
          });
    }
  }

  /** The benchmark entity class called {@code name}. */
  static Class<? extends Changeable> entityClass(String name) {
    switch (name) {
      case "Person":
        return Person.class;
      case "Document":
        return Document.class;
      default:
        throw new IllegalArgumentException("no benchmark entity " + name);
    }
  }

  /** A new instance of the benchmark entity class {@code type}. */
  static Object newEntity(Class<?> type, long id) {
    return type == Person.class ? new Person(id) : new Document(id);
  }

  @Override
  public void close() {
    try {
      kv.close();
    } finally {
      cluster.close();
    }
  }
}
