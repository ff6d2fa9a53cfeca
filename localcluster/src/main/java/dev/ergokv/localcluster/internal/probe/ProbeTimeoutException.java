package dev.ergokv.localcluster.internal.probe;

import java.time.Duration;
import java.util.Optional;

/** A {@link Probe} ran out of time; carries what it last saw and the last error it met. */
public final class ProbeTimeoutException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String awaited;
  private final Duration waited;
  private final int attempts;
  private final String lastSeen;

  ProbeTimeoutException(
      String awaited, Duration waited, int attempts, String lastSeen, Throwable lastFailure) {
    super(
        "gave up waiting for "
            + awaited
            + " after "
            + Deadline.describe(waited)
            + " ("
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "); last seen: "
            + (lastSeen == null ? "nothing (no attempt finished)" : lastSeen),
        lastFailure);
    this.awaited = awaited;
    this.waited = waited;
    this.attempts = attempts;
    this.lastSeen = lastSeen;
  }

  /** What the probe waited for. */
  public String awaited() {
    return awaited;
  }

  public Duration waited() {
    return waited;
  }

  public int attempts() {
    return attempts;
  }

  /**
   * What the probe last saw: the last {@link Observation#state()}, followed by the last error if
   * that came later, or only the error if no attempt got an answer.
   */
  public Optional<String> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }
}
