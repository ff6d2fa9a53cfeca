package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ErgoKvException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The time budget of one operation (a read, a page of a scan, a commit phase) and its backoff.
 * Every retry loop in the engine runs against one of these, so nothing retries forever.
 * Not thread-safe: one operation, one thread.
 */
final class Deadline {

  private static final long FIRST_BACKOFF_MILLIS = 2;
  private static final long MAX_BACKOFF_MILLIS = 200;

  private final long startNanos;
  private final long endNanos;
  private int backoffs;
  /** What the last failed TiKV call of this operation met, for the message if it gives up. */
  private String lastFailure;

  private Deadline(long startNanos, long budgetNanos) {
    this.startNanos = startNanos;
    this.endNanos = startNanos + budgetNanos;
  }

  static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime(), budget.toNanos());
  }

  boolean expired() {
    return System.nanoTime() - endNanos >= 0;
  }

  long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Remembers why a TiKV call failed (store, request, status), for a later message. */
  void noteFailure(String failure) {
    lastFailure = failure;
  }

  /** Why the last failed TiKV call of this operation failed; null if none did. */
  String lastFailure() {
    return lastFailure;
  }

  /** The deadline of one RPC: the request timeout, but never past this operation's end. */
  long rpcTimeoutMillis(long requestTimeoutMillis) {
    return Math.max(1, Math.min(requestTimeoutMillis, remainingMillis()));
  }

  /**
   * Sleeps before the next attempt: exponential with jitter, capped, and never past the deadline.
   *
   * @return false if the deadline has passed (the caller gives up), true after sleeping
   */
  boolean backoff() {
    return sleep(nextBackoffMillis());
  }

  /** Sleeps at most {@code millis} (a lock's remaining TTL, say), within the backoff cap. */
  boolean backoffAtMost(long millis) {
    return sleep(Math.max(1, Math.min(millis, nextBackoffMillis())));
  }

  private long nextBackoffMillis() {
    long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(backoffs, 16));
    backoffs++;
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private boolean sleep(long millis) {
    long remaining = remainingMillis();
    if (remaining <= 0) {
      return false;
    }
    try {
      Thread.sleep(Math.min(millis, remaining));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErgoKvException("interrupted while waiting to retry a TiKV request", e);
    }
    return true;
  }
}
