package dev.ergokv.internal.codec;

/**
 * A stored document does not fit the class: a wrong token for a field's type, a value out of
 * range, an unknown enum constant. Carries the field path, innermost last; {@link EntityCodec}
 * turns it into a {@link dev.ergokv.CorruptValueException} naming model and key.
 */
final class DecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  DecodeException(String problem) {
    this("", problem, null);
  }

  DecodeException(String problem, Throwable cause) {
    this("", problem, cause);
  }

  private DecodeException(String path, String problem, Throwable cause) {
    super(path.isEmpty() ? problem : "field '" + path + "': " + problem, cause, false, false);
    this.path = path;
    this.problem = problem;
  }

  /** The same problem, one field further out. */
  DecodeException within(String field) {
    return new DecodeException(path.isEmpty() ? field : field + "." + path, problem, getCause());
  }
}
