package dev.ergokv.internal.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a unit of work is retried on a write conflict: up to {@code
 * maxAttempts} runs and while {@code budget} (measured from the first run) lasts, waiting a random
 * time up to an exponentially growing ceiling between them ("full jitter", so contenders spread
 * out instead of colliding again in step).
 *
 * @param maxAttempts runs in total, at least 1
 * @param initialBackoff ceiling of the first wait
 * @param maxBackoff bound on every wait
 * @param budget no retry starts later than this after the first run started
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {

  /** The default budget: a contended unit of work is retried for this long. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

  /** A policy bounded by attempts, with the default budget. */
  public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this(maxAttempts, initialBackoff, maxBackoff, DEFAULT_BUDGET);
  }

  public RetryPolicy {
    if (budget == null || budget.isNegative()) {
      throw new IllegalArgumentException("the retry budget must not be negative, got " + budget);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
  }

  /**
   * Whether another run may follow failed run number {@code attempt} (from 1), which began {@code
   * elapsedNanos} after the first, if it waits {@code backoffNanos} first.
   */
  boolean mayRetry(int attempt, long elapsedNanos, long backoffNanos) {
    return attempt < maxAttempts && elapsedNanos + backoffNanos <= budget.toNanos();
  }

  /** The wait after failed attempt number {@code attempt} (from 1), in nanoseconds. */
  long backoffNanos(int attempt) {
    long ceiling = initialBackoff.toNanos();
    for (int i = 1; i < attempt && ceiling < maxBackoff.toNanos(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxBackoff.toNanos());
    return ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }
}
