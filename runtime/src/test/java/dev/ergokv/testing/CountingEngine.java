package dev.ergokv.testing;

import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link KvEngine} over another that records the mutations of every transaction it commits, so
 * tests can check exactly which keys a unit of work wrote.
 */
public final class CountingEngine extends ForwardingEngine {

  /** The kind of a buffered write. */
  public enum Op {
    PUT,
    INSERT,
    DELETE,
    LOCK
  }

  /**
   * One mutation sent to the engine.
   *
   * @param op the kind of write
   * @param key the key, in hex
   * @param readable the key as {@link KeySpace#describe} prints it, for failure messages
   */
  public record Mutation(Op op, String key, String readable) {

    /** A mutation of {@code key} (raw bytes). */
    public static Mutation of(Op op, byte[] key) {
      return new Mutation(op, HexFormat.of().formatHex(key), KeySpace.describe(key));
    }

    @Override
    public String toString() {
      return op + " " + readable;
    }
  }

  private final List<List<Mutation>> commits = new ArrayList<>();

  public CountingEngine(KvEngine delegate) {
    super(delegate);
  }

  @Override
  protected KvTransaction wrap(KvTransaction tx) {
    return new Recording(tx);
  }

  /** The mutations of every read-write transaction committed since the last {@link #clear}. */
  public synchronized List<List<Mutation>> commits() {
    return List.copyOf(commits);
  }

  /** The mutations of the last committed read-write transaction. */
  public synchronized List<Mutation> lastCommit() {
    if (commits.isEmpty()) {
      throw new IllegalStateException("no read-write transaction was committed");
    }
    return commits.get(commits.size() - 1);
  }

  /** Forgets the commits recorded so far. */
  public synchronized void clear() {
    commits.clear();
  }

  private synchronized void committed(List<Mutation> mutations) {
    commits.add(List.copyOf(mutations));
  }

  private final class Recording extends ForwardingEngine.Transaction {
    private final List<Mutation> mutations = new ArrayList<>();

    Recording(KvTransaction tx) {
      super(tx);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      mutations.add(Mutation.of(Op.PUT, key));
      tx.put(key, value);
    }

    @Override
    public void insert(byte[] key, byte[] value) {
      mutations.add(Mutation.of(Op.INSERT, key));
      tx.insert(key, value);
    }

    @Override
    public void delete(byte[] key) {
      mutations.add(Mutation.of(Op.DELETE, key));
      tx.delete(key);
    }

    @Override
    public void lock(byte[] key) {
      mutations.add(Mutation.of(Op.LOCK, key));
      tx.lock(key);
    }

    @Override
    public void commit() {
      tx.commit();
      committed(mutations);
    }
  }
}
