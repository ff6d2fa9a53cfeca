package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProbeTest {

  private static final Duration FAST = Duration.ofMillis(1);

  @Test
  void returnsTheValueOnceTheConditionHolds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    String value =
        Probe.of("the third attempt")
            .pauses(FAST, FAST)
            .until(
                Deadline.after(Duration.ofSeconds(10)),
                d ->
                    attempts.incrementAndGet() < 3
                        ? Observation.notYet("attempt " + attempts.get())
                        : Observation.ready("done"));

    assertThat(value).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void exceptionsCountAsNotYet() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    int value =
        Probe.of("a flaky check")
            .pauses(FAST, FAST)
            .until(
                Deadline.after(Duration.ofSeconds(10)),
                d -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new ConnectException("Connection refused");
                  }
                  return Observation.ready(42);
                });

    assertThat(value).isEqualTo(42);
  }

  @Test
  void aTimeoutNamesWhatWasAwaitedTheLastStateAndTheLastError() {
    AtomicInteger attempts = new AtomicInteger();
    ConnectException refused = new ConnectException("Connection refused");

    assertThatThrownBy(
            () ->
                Probe.of("PD at 127.0.0.1:1")
                    .pauses(FAST, Duration.ofMillis(20))
                    .until(
                        Deadline.after(Duration.ofMillis(200)),
                        d -> {
                          if (attempts.incrementAndGet() % 2 == 1) {
                            throw refused;
                          }
                          return Observation.notYet("store 1 is Offline");
                        }))
        .isInstanceOfSatisfying(
            ProbeTimeoutException.class,
            e -> {
              assertThat(e.awaited()).isEqualTo("PD at 127.0.0.1:1");
              assertThat(e.attempts()).isEqualTo(attempts.get()).isGreaterThan(1);
              assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
              assertThat(e.getCause()).isSameAs(refused);
              assertThat(e.getMessage())
                  .startsWith("gave up waiting for PD at 127.0.0.1:1 after ")
                  .containsPattern(
                      "last seen: (store 1 is Offline"
                          + "|store 1 is Offline; then: ConnectException: Connection refused)$");
              assertThat(e.lastSeen()).hasValueSatisfying(s -> assertThat(s).startsWith("store 1 is Offline"));
            });
  }

  @Test
  void onlyErrorsAreReportedAsTheLastError() {
    assertThatThrownBy(
            () ->
                Probe.of("x")
                    .pauses(FAST, FAST)
                    .until(
                        Deadline.after(Duration.ofMillis(50)),
                        d -> {
                          throw new java.io.IOException(
                              "PD 1.2.3.4:5: boom", new java.io.IOException("boom"));
                        }))
        .isInstanceOf(ProbeTimeoutException.class)
        .hasMessageEndingWith("last seen: IOException: PD 1.2.3.4:5: boom");
  }

  @Test
  void summariesSkipRepeatedAndEmptyCauseMessages() {
    Exception wrapped =
        new IllegalStateException(
            "PD a:1: UNAVAILABLE: io exception",
            new RuntimeException(
                "UNAVAILABLE: io exception",
                new java.net.ConnectException("Connection refused: a/1.2.3.4:1")));
    assertThat(Probe.summarize(wrapped))
        .isEqualTo(
            "IllegalStateException: PD a:1: UNAVAILABLE: io exception"
                + " <- ConnectException: Connection refused: a/1.2.3.4:1");
    assertThat(Probe.summarize(new java.net.ConnectException()))
        .isEqualTo("ConnectException");
  }

  @Test
  void aZeroDeadlineStillMakesOneAttempt() {
    assertThatThrownBy(
            () ->
                Probe.of("nothing")
                    .until(Deadline.after(Duration.ZERO), d -> Observation.notYet("never")))
        .isInstanceOf(ProbeTimeoutException.class)
        .hasMessageContaining("1 attempt)")
        .hasMessageContaining("last seen: never");
  }

  @Test
  void aFailingGuardStopsTheWaitAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean dead = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                Probe.of("a store Up")
                    .pauses(FAST, FAST)
                    .abortWhen(
                        () -> dead.get() ? Optional.of("tikv-server exited with code 1") : Optional.empty(),
                        new CompletableFuture<>())
                    .until(
                        Deadline.after(Duration.ofSeconds(20)),
                        d -> {
                          if (attempts.incrementAndGet() == 2) {
                            dead.set(true);
                          }
                          return Observation.notYet("no store");
                        }))
        .isInstanceOfSatisfying(
            ProbeAbortedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("tikv-server exited with code 1");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "stopped waiting for a store Up: tikv-server exited with code 1; last seen: no store");
            });
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aWakeUpEndsALongPauseSoTheGuardIsAskedAtOnce() {
    CompletableFuture<Void> exit = new CompletableFuture<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      scheduler.schedule(() -> exit.complete(null), 100, TimeUnit.MILLISECONDS);
      long begin = System.nanoTime();

      assertThatThrownBy(
              () ->
                  Probe.of("a store Up")
                      // Without the wake-up the second attempt would come 20 s later.
                      .pauses(Duration.ofSeconds(20), Duration.ofSeconds(20))
                      .abortWhen(
                          () -> exit.isDone() ? Optional.of("pd-server exited") : Optional.empty(),
                          exit)
                      .until(Deadline.after(Duration.ofSeconds(25)), d -> Observation.notYet("no store")))
          .isInstanceOf(ProbeAbortedException.class)
          .hasMessageContaining("pd-server exited");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void anInterruptEndsTheWait() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  Probe.of("anything")
                      .pauses(Duration.ofSeconds(5), Duration.ofSeconds(5))
                      .until(Deadline.after(Duration.ofSeconds(20)), d -> Observation.notYet("no")))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void rejectsPausesThatMakeNoSense() {
    assertThatThrownBy(() -> Probe.of("x").pauses(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Probe.of("x").pauses(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
