package dev.ergokv.localcluster.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HybridClockTest {

  @Test
  void timestampsAreStrictlyIncreasingEvenWhenTheLogicalCounterOverflows() {
    HybridClock clock = new HybridClock();
    long previous = clock.next(1);
    for (int i = 0; i < 300_000; i++) {
      long ts = clock.next(1);
      assertThat(ts).isGreaterThan(previous);
      assertThat(ts & ((1 << Timestamps.LOGICAL_BITS) - 1)).isLessThan(1 << Timestamps.LOGICAL_BITS);
      previous = ts;
    }
  }

  @Test
  void aBatchReturnsItsHighestTimestampAndReservesTheOthers() {
    HybridClock clock = new HybridClock();
    long first = clock.next(1);
    long batch = clock.next(10);
    long after = clock.next(1);

    assertThat(batch).isGreaterThanOrEqualTo(first + 10);
    assertThat(after).isGreaterThan(batch);
  }

  @Test
  void advancingMovesThePhysicalPartAndTheTtlClock() {
    HybridClock clock = new HybridClock();
    long before = Timestamps.physical(clock.next(1));
    long nowBefore = clock.nowMillis();

    clock.advance(Duration.ofMinutes(10));

    assertThat(Timestamps.physical(clock.next(1)) - before).isGreaterThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(clock.nowMillis() - nowBefore).isGreaterThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
