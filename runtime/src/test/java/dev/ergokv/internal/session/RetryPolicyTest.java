package dev.ergokv.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void waitsStayBelowACeilingThatDoublesUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(2), Duration.ofMillis(20));
    long[] ceilings = {2, 4, 8, 16, 20, 20};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      long max = 0;
      for (int sample = 0; sample < 2_000; sample++) {
        long wait = policy.backoffNanos(attempt);
        assertThat(wait).isBetween(0L, Duration.ofMillis(ceilings[attempt - 1]).toNanos());
        max = Math.max(max, wait);
      }
      // Jittered, not constant: samples reach well into the upper half of the ceiling.
      assertThat(max).isGreaterThan(Duration.ofMillis(ceilings[attempt - 1]).toNanos() / 2);
    }
  }

  @Test
  void noWaitWithoutBackoff() {
    assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).backoffNanos(2)).isZero();
  }

  @Test
  void invalidPoliciesAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessageContaining("0 <= initial <= max");
  }
}
