package dev.ergokv.localcluster.internal.probe;

import java.time.Duration;

/** A point in time by which something must have happened, measured on the monotonic clock. */
public final class Deadline {

  private final Duration budget;
  private final long startNanos;
  private final long endNanos;

  private Deadline(Duration budget) {
    if (budget.isNegative()) {
      throw new IllegalArgumentException("a deadline budget cannot be negative: " + budget);
    }
    this.budget = budget;
    this.startNanos = System.nanoTime();
    this.endNanos = startNanos + budget.toNanos();
  }

  /** A deadline {@code budget} from now. */
  public static Deadline after(Duration budget) {
    return new Deadline(budget);
  }

  /** The budget this deadline was created with. */
  public Duration budget() {
    return budget;
  }

  /** Time since this deadline was created. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  public boolean hasExpired() {
    return endNanos - System.nanoTime() <= 0;
  }

  /** {@code limit}, or less if less time is left: the bound for one step of a longer wait. */
  public Duration cap(Duration limit) {
    Duration left = remaining();
    return left.compareTo(limit) < 0 ? left : limit;
  }

  /** "12.3 s", for messages. */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
