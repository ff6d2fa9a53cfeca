package dev.ergokv.localcluster;

/** A {@link LocalCluster} could not be started or did not become ready in time. */
public class ClusterStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Backend backend;

  public ClusterStartException(Backend backend, String message) {
    super(message);
    this.backend = backend;
  }

  public ClusterStartException(Backend backend, String message, Throwable cause) {
    super(message, cause);
    this.backend = backend;
  }

  /** The backend that failed to start. */
  public Backend backend() {
    return backend;
  }
}
