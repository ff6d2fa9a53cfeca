package dev.ergokv.internal.codec;

/**
 * A field value that cannot be stored as it is (a null map key, a map key with an unpaired
 * surrogate). Carries the field path; {@link EntityCodec} turns it into an {@link
 * dev.ergokv.ErgoKvException} naming the class and field.
 */
final class EncodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  EncodeException(String problem) {
    this("", problem);
  }

  private EncodeException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem, null, false, false);
    this.path = path;
    this.problem = problem;
  }

  /** The same problem, one field further out. */
  EncodeException within(String field) {
    return new EncodeException(path.isEmpty() ? field : field + "." + path, problem);
  }

  String path() {
    return path;
  }

  String problem() {
    return problem;
  }
}
