package dev.ergokv.localcluster.internal.embedded;

import org.tikv.kvproto.Kvrpcpb;

/**
 * A per-key transaction error on its way to the response, carrying the {@link Kvrpcpb.KeyError}
 * exactly as TiKV would send it. Cheap: no stack trace, it is control flow.
 */
final class KeyErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Kvrpcpb.KeyError error;
  private final long committedTs;

  KeyErrorException(Kvrpcpb.KeyError error) {
    this(error, 0);
  }

  /** A rollback met a committed transaction; Cleanup reports the commit ts instead of an error. */
  KeyErrorException(Kvrpcpb.KeyError error, long committedTs) {
    super(null, null, false, false);
    this.error = error;
    this.committedTs = committedTs;
  }

  Kvrpcpb.KeyError error() {
    return error;
  }

  boolean isLocked() {
    return error.hasLocked();
  }

  /** The commit ts when this error says "already committed", else 0. */
  long committedTs() {
    return committedTs;
  }

  @Override
  public String getMessage() {
    return error.toString();
  }
}
