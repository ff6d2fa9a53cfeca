package dev.ergokv.localcluster.internal.probe;

/**
 * A {@link Probe} stopped before its deadline because waiting longer cannot help (the server
 * process it waits for has exited, say).
 */
public final class ProbeAbortedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String awaited;
  private final String reason;

  ProbeAbortedException(String awaited, String reason, String lastSeen) {
    super(
        "stopped waiting for "
            + awaited
            + ": "
            + reason
            + (lastSeen == null ? "" : "; last seen: " + lastSeen));
    this.awaited = awaited;
    this.reason = reason;
  }

  /** What the probe waited for. */
  public String awaited() {
    return awaited;
  }

  /** Why it stopped, as the guard said it. */
  public String reason() {
    return reason;
  }
}
