package dev.ergokv.localcluster.internal.embedded;

import java.time.Duration;

/**
 * The physical clock of the embedded cluster and the TSO built on it. Wall time plus an offset a
 * test can advance ({@link #advance}), never going backwards; timestamps are strictly increasing
 * across calls, as PD's are.
 */
final class HybridClock {

  private static final long MAX_LOGICAL = 1L << Timestamps.LOGICAL_BITS;

  private long offsetMillis;
  private long lastPhysical;
  private long lastLogical;

  /**
   * Allocates {@code count} consecutive timestamps and returns the highest, as PD answers a batch
   * TSO request.
   */
  synchronized long next(int count) {
    long physical = Math.max(System.currentTimeMillis() + offsetMillis, lastPhysical);
    long logical = physical == lastPhysical ? lastLogical : -1;
    if (logical + count >= MAX_LOGICAL) {
      physical = lastPhysical + 1;
      logical = -1;
    }
    lastPhysical = physical;
    lastLogical = logical + count;
    return Timestamps.compose(lastPhysical, lastLogical);
  }

  /** The current physical time in milliseconds, as TTL judgements see it. */
  synchronized long nowMillis() {
    return Math.max(System.currentTimeMillis() + offsetMillis, lastPhysical);
  }

  synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward: " + by);
    }
    offsetMillis = Math.addExact(offsetMillis, by.toMillis());
  }
}
