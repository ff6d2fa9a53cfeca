package dev.ergokv.localcluster.internal.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls a condition until it holds or a deadline passes — the way every backend waits for
 * readiness, instead of sleeping for a guessed time.
 *
 * <p>Attempts are spaced by a pause that doubles from {@link #pauses min} to max. An exception
 * from an attempt counts as "not yet" and is kept: the timeout reports the last state seen and
 * carries the last error as its cause. A {@link Guard} is asked before every attempt and can
 * stop the wait at once (a server process died); the pause ends early when the {@code wakeUp}
 * future completes, so such a death is noticed without waiting out the pause.
 *
 * <p>Immutable; each {@code with}-style method returns a new probe.
 */
public final class Probe {

  /** One attempt: look at the system once and say whether the condition holds. */
  @FunctionalInterface
  public interface Check<T> {
    /**
     * @param deadline the overall deadline; an attempt that blocks (an HTTP call) should bound
     *     itself by it
     */
    Observation<T> observe(Deadline deadline) throws Exception;
  }

  /** Says why waiting further is pointless, or empty while it is not. */
  @FunctionalInterface
  public interface Guard {
    Optional<String> failure();

    Guard NONE = Optional::empty;
  }

  private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

  private final String awaited;
  private final Duration minPause;
  private final Duration maxPause;
  private final Guard guard;
  private final CompletableFuture<?> wakeUp;

  private Probe(
      String awaited, Duration minPause, Duration maxPause, Guard guard, CompletableFuture<?> wakeUp) {
    this.awaited = awaited;
    this.minPause = minPause;
    this.maxPause = maxPause;
    this.guard = guard;
    this.wakeUp = wakeUp;
  }

  /** A probe for {@code awaited} ("a TiKV store Up in PD 127.0.0.1:2379"), as messages say it. */
  public static Probe of(String awaited) {
    return new Probe(
        Objects.requireNonNull(awaited, "awaited"),
        Duration.ofMillis(10),
        Duration.ofMillis(250),
        Guard.NONE,
        NEVER);
  }

  /** Pauses between attempts start at {@code min} and double up to {@code max}. */
  public Probe pauses(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, got " + min + " and " + max);
    }
    return new Probe(awaited, min, max, guard, wakeUp);
  }

  /**
   * Stops waiting as soon as {@code guard} reports a failure; {@code wakeUp} completing (say, a
   * process's {@code onExit()}) ends the current pause so the guard is asked at once.
   */
  public Probe abortWhen(Guard guard, CompletableFuture<?> wakeUp) {
    return new Probe(
        awaited,
        minPause,
        maxPause,
        Objects.requireNonNull(guard, "guard"),
        Objects.requireNonNull(wakeUp, "wakeUp"));
  }

  public String awaited() {
    return awaited;
  }

  /**
   * Attempts {@code check} until it is ready and returns its value.
   *
   * @throws ProbeTimeoutException when {@code deadline} passes first
   * @throws ProbeAbortedException when the guard reports a failure
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public <T> T until(Deadline deadline, Check<T> check)
      throws ProbeTimeoutException, ProbeAbortedException, InterruptedException {
    Duration pause = minPause;
    Seen seen = new Seen();
    int attempts = 0;
    while (true) {
      abortIfGuardFails(seen);
      attempts++;
      try {
        Observation<T> observation = check.observe(deadline);
        if (observation.isReady()) {
          return observation.value();
        }
        seen.observed(observation.state());
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        seen.failed(e);
      }
      if (!deadline.hasExpired()) {
        pause(deadline.cap(pause));
        pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
      }
      // An attempt started with no time left could only time out, hiding what was seen before.
      if (deadline.hasExpired()) {
        // A death during the last attempt explains more than a timeout does.
        abortIfGuardFails(seen);
        throw new ProbeTimeoutException(
            awaited, deadline.elapsed(), attempts, seen.describe(), seen.lastFailure);
      }
    }
  }

  private void abortIfGuardFails(Seen seen) throws ProbeAbortedException {
    Optional<String> failure = guard.failure();
    if (failure.isPresent()) {
      throw new ProbeAbortedException(awaited, failure.get(), seen.describe());
    }
  }

  /**
   * The last state observed and the last error met. Both are kept: the attempt that runs into
   * the deadline usually fails with a timeout, which says less than the state seen before it.
   */
  private static final class Seen {
    String lastState;
    Throwable lastFailure;
    boolean failureIsNewer;

    void observed(String state) {
      lastState = state;
      failureIsNewer = false;
    }

    void failed(Throwable failure) {
      lastFailure = failure;
      failureIsNewer = true;
    }

    /** "no store is Up: ...; then: HttpTimeoutException: ...", or null before any attempt. */
    String describe() {
      if (lastState == null && lastFailure == null) {
        return null;
      }
      if (lastState == null) {
        return summarize(lastFailure);
      }
      return failureIsNewer ? lastState + "; then: " + summarize(lastFailure) : lastState;
    }
  }

  private void pause(Duration duration) throws InterruptedException {
    if (duration.isZero()) {
      return;
    }
    // A wake-up that already fired without the guard objecting must not turn the loop into a spin.
    CompletableFuture<?> waitOn = wakeUp.isDone() ? NEVER : wakeUp;
    try {
      waitOn.get(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // The usual case: nothing happened during the pause; attempt again.
      return;
    } catch (ExecutionException e) {
      // The wake-up source failed: that too is a reason to look again at once.
      return;
    }
  }

  /** "ConnectException: Connection refused", without the stack. */
  static String summarize(Throwable e) {
    StringBuilder out = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 5; depth++) {
      String message = t.getMessage();
      // Wrappers often repeat their cause's message, and the JDK's connect failures wrap causes
      // without one: only what adds information is said.
      boolean adds = depth == 0 || message != null && out.indexOf(message) < 0;
      if (adds) {
        if (out.length() > 0) {
          out.append(" <- ");
        }
        out.append(t.getClass().getSimpleName());
        if (message != null) {
          out.append(": ").append(message);
        }
      }
      Throwable cause = t.getCause();
      t = cause == t ? null : cause;
    }
    return out.toString();
  }
}
