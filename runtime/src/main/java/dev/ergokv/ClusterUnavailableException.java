package dev.ergokv;

import java.time.Duration;
import java.util.List;

/**
 * The cluster could not be reached within the configured time. The message names the endpoints
 * tried and how long was waited, so the cause (wrong address, cluster down, firewall) is visible.
 * A commit that fails with it was not applied; one that may have been is reported as {@link
 * CommitOutcomeUnknownException} instead.
 */
public class ClusterUnavailableException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final List<String> endpoints;
  private final Duration waited;

  public ClusterUnavailableException(
      List<String> endpoints, Duration waited, String message, Throwable cause) {
    super(message, cause);
    this.endpoints = List.copyOf(endpoints);
    this.waited = waited;
  }

  /** The endpoints that were tried. */
  public List<String> endpoints() {
    return endpoints;
  }

  /** How long was waited before giving up. */
  public Duration waited() {
    return waited;
  }
}
