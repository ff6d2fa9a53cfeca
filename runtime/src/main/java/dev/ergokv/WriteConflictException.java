package dev.ergokv;

/**
 * Another transaction wrote, or holds a lock on, a key this transaction wrote or locked, after
 * this one started. Nothing of the failed transaction is left behind.
 *
 * <p>{@code ErgoKv.transact} retries the whole unit of work on this error (bounded, with jittered
 * backoff) and throws it only when the retries are spent; a transaction begun by hand sees it at
 * once and may simply be run again.
 */
public class WriteConflictException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the conflicting key, rendered for people (never the raw bytes)
   * @param message what conflicted with what
   * @param cause the underlying failure, if any
   */
  public WriteConflictException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The conflicting key, rendered readably. */
  public String key() {
    return key;
  }
}
