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

  /** The last state seen (an {@link Observation#state()} or an error summary). */
  public Optional<String> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }
}
