package dev.ergokv.localcluster.internal.embedded;

import org.tikv.kvproto.Errorpb;

/** A TiKV region error on its way into the response's {@code region_error}. Control flow. */
final class RegionErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Errorpb.Error error;

  RegionErrorException(Errorpb.Error error) {
    super(null, null, false, false);
    this.error = error;
  }

  Errorpb.Error error() {
    return error;
  }

  @Override
  public String getMessage() {
    return error.getMessage();
  }
}
