package dev.ergokv.localcluster.embedded;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How an injected failure looks to the client; armed with {@link EmbeddedCluster#failNext}.
 * Immutable.
 */
public final class Fault {

  /** The kinds of injected failure. */
  public enum Kind {
    /** A TiKV region error {@code NotLeader} naming the (unchanged) leader peer. */
    NOT_LEADER,
    /** A TiKV region error {@code EpochNotMatch} carrying the current regions. */
    EPOCH_NOT_MATCH,
    /** A TiKV region error {@code ServerIsBusy}. */
    SERVER_IS_BUSY,
    /** The call fails with a gRPC status instead of a response. */
    GRPC_STATUS,
    /** The call is held for a while, then served normally. */
    DELAY
  }

  /** gRPC status code names, as in {@code io.grpc.Status.Code}. */
  private static final String[] STATUS_CODES = {
    "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"
  };

  private final Kind kind;
  private final String statusCode;
  private final Duration delay;

  private Fault(Kind kind, String statusCode, Duration delay) {
    this.kind = kind;
    this.statusCode = statusCode;
    this.delay = delay;
  }

  /** Region error {@code NotLeader}; the client updates its leader cache and retries. */
  public static Fault notLeader() {
    return new Fault(Kind.NOT_LEADER, null, Duration.ZERO);
  }

  /** Region error {@code EpochNotMatch}; the client reloads the regions and re-routes. */
  public static Fault epochNotMatch() {
    return new Fault(Kind.EPOCH_NOT_MATCH, null, Duration.ZERO);
  }

  /** Region error {@code ServerIsBusy}; the client backs off and retries. */
  public static Fault serverIsBusy() {
    return new Fault(Kind.SERVER_IS_BUSY, null, Duration.ZERO);
  }

  /**
   * The call ends with this gRPC status, e.g. {@code "UNAVAILABLE"} or {@code
   * "DEADLINE_EXCEEDED"}.
   *
   * @throws IllegalArgumentException if the name is not a gRPC status code other than OK
   */
  public static Fault grpcStatus(String code) {
    Objects.requireNonNull(code, "code");
    String normalized = code.trim().toUpperCase(Locale.ROOT);
    for (String known : STATUS_CODES) {
      if (known.equals(normalized)) {
        return new Fault(Kind.GRPC_STATUS, normalized, Duration.ZERO);
      }
    }
    throw new IllegalArgumentException(
        "unknown gRPC status code '" + code + "'; expected one of " + String.join(", ", STATUS_CODES));
  }

  /**
   * The call is answered only after this delay (a slow store or PD); the client may time out
   * meanwhile and retry.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Kind.DELAY, null, delay);
  }

  /** The kind of failure. */
  public Kind kind() {
    return kind;
  }

  /** Whether this fault is a TiKV region error (only TiKV RPCs can carry one). */
  public boolean isRegionError() {
    return kind == Kind.NOT_LEADER || kind == Kind.EPOCH_NOT_MATCH || kind == Kind.SERVER_IS_BUSY;
  }

  /** The gRPC status code name for {@link Kind#GRPC_STATUS}, empty otherwise. */
  public Optional<String> statusCode() {
    return Optional.ofNullable(statusCode);
  }

  /** The delay for {@link Kind#DELAY}, zero otherwise. */
  public Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    switch (kind) {
      case GRPC_STATUS:
        return "Fault[" + kind + " " + statusCode + "]";
      case DELAY:
        return "Fault[" + kind + " " + delay + "]";
      default:
        return "Fault[" + kind + "]";
    }
  }
}
