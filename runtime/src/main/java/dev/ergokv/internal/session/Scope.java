package dev.ergokv.internal.session;

import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where repository methods and queries run: in one transaction ({@link Session}), or, for those
 * obtained from {@code ErgoKv}, in the calling thread's transaction or one of their own per call.
 */
public interface Scope {

  /** The store whose models and keyspace apply. */
  Store store();

  /** Runs a read. */
  <R> R read(Function<Session, R> work);

  /** Runs a write. */
  <R> R write(Function<Session, R> work);

  /**
   * Runs work that returns a lazy stream; a scope that opens a transaction for it keeps the
   * transaction until the stream is consumed or closed.
   */
  <T> Stream<T> stream(Function<Session, Stream<T>> work);
}
