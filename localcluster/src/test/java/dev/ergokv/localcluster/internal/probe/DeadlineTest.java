package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void aZeroBudgetHasExpiredAndLeavesNothing() {
    Deadline deadline = Deadline.after(Duration.ZERO);

    assertThat(deadline.hasExpired()).isTrue();
    assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
    assertThat(deadline.cap(Duration.ofSeconds(1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void capsAStepByWhatIsLeft() {
    Deadline deadline = Deadline.after(Duration.ofHours(1));

    assertThat(deadline.hasExpired()).isFalse();
    assertThat(deadline.cap(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(deadline.remaining()).isGreaterThan(Duration.ofMinutes(59));
    assertThat(deadline.budget()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsANegativeBudget() {
    assertThatThrownBy(() -> Deadline.after(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesDurationsForMessages() {
    assertThat(Deadline.describe(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Deadline.describe(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
  }
}
