package dev.ergokv.localcluster;

/**
 * The backend cannot run on this machine at all: the tool it needs (a Docker engine, TiUP or the
 * server binaries, an external cluster's address) is absent. Tests treat this as a reason to skip,
 * unlike {@link ClusterStartException} in general, which means something present went wrong.
 */
public class BackendUnavailableException extends ClusterStartException {

  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(Backend backend, String message) {
    super(backend, message);
  }

  public BackendUnavailableException(Backend backend, String message, Throwable cause) {
    super(backend, message, cause);
  }
}
