package dev.ergokv;

/**
 * The root of every exception ErgoKV throws on purpose. Unchecked: the failures it reports (an
 * invalid mapping, a corrupt stored value, a conflict that outlived its retries) are not something
 * a caller can handle at each call site, but they are always typed, so a caller that can react to
 * one kind catches exactly that kind.
 */
public class ErgoKvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what went wrong and, where possible, what to do.
   *
   * @param message the description of the problem
   */
  public ErgoKvException(String message) {
    super(message);
  }

  /**
   * Creates an exception that reports {@code cause} in terms of ErgoKV.
   *
   * @param message the description of the problem
   * @param cause the underlying failure
   */
  public ErgoKvException(String message, Throwable cause) {
    super(message, cause);
  }
}
