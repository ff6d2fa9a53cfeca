package dev.ergokv.internal.session;

import dev.ergokv.WriteConflictException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs units of work for {@code ErgoKv}: one transaction per attempt, retried on write conflicts,
 * and bound to the calling thread while the work runs so that repositories obtained from {@code
 * ErgoKv} join it. Outside any unit of work it is the {@link Scope} of those repositories: each
 * call runs in a transaction of its own.
 */
public final class Runner implements Scope, AutoCloseable {

  private final Store store;
  private final RetryPolicy retry;
  private final ThreadLocal<Session> current = new ThreadLocal<>();

  public Runner(Store store, RetryPolicy retry) {
    this.store = store;
    this.retry = retry;
  }

  @Override
  public Store store() {
    return store;
  }

  /**
   * Runs {@code work} in a read-write transaction and commits it, retrying the whole unit (in a
   * fresh transaction) on a write conflict. Inside another unit of work of this thread, joins it.
   */
  public <R> R transact(Function<Session, R> work) {
    Session outer = current.get();
    if (outer != null) {
      if (outer.isReadOnly()) {
        throw new IllegalStateException(
            "ErgoKv.transact was called inside ErgoKv.read on the same thread; a read cannot"
                + " write: run the write outside the read");
      }
      try {
        return work.apply(outer);
      } catch (RuntimeException | Error e) {
        // Throwing rolls back the unit the work belongs to, even if the outer work catches it.
        outer.markRollbackOnly(e);
        throw e;
      }
    }
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Session session = store.begin();
      session.runByErgoKv();
      current.set(session);
      try {
        R result = work.apply(session);
        session.commitRun();
        return result;
      } catch (WriteConflictException e) {
        session.rollbackRun(e);
        long wait = retry.backoffNanos(attempt);
        if (!retry.mayRetry(attempt, System.nanoTime() - started, wait)) {
          throw e;
        }
        backoff(wait, e);
      } catch (RuntimeException | Error e) {
        session.rollbackRun(e);
        throw e;
      } finally {
        current.remove();
      }
    }
  }

  /** Runs {@code work} in a read-only transaction; inside a unit of work of this thread, joins it. */
  @Override
  public <R> R read(Function<Session, R> work) {
    Session outer = current.get();
    if (outer != null) {
      return work.apply(outer);
    }
    try (Session session = store.beginReadOnly()) {
      session.runByErgoKv();
      current.set(session);
      return work.apply(session);
    } finally {
      current.remove();
    }
  }

  @Override
  public <R> R write(Function<Session, R> work) {
    return transact(work);
  }

  @Override
  public <T> Stream<T> stream(Function<Session, Stream<T>> work) {
    Session outer = current.get();
    if (outer != null) {
      return work.apply(outer);
    }
    Session session = store.beginReadOnly();
    try {
      Stream<T> stream = work.apply(session);
      // The snapshot lives as long as the stream: closed with it, or when it is used up.
      session.onCursorsEnd();
      return stream.onClose(session::close);
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
  }

  private void backoff(long nanos, WriteConflictException conflict) {
    if (nanos == 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw conflict;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
