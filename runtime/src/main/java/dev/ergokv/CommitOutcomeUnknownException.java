package dev.ergokv;

/**
 * A commit whose outcome is not known: the request that commits the transaction (its primary key)
 * was sent, its answer was lost, and the cluster could not be asked in time whether it was
 * applied. The transaction may be committed — completely, never in part — or not at all; the
 * cluster settles it on its own (a reader that meets its locks commits them forward or rolls them
 * back once their TTL has passed), and a later read shows which.
 *
 * <p>{@code ErgoKv.transact} never retries it: running the work again could apply it twice. Check
 * the stored state (read what the work wrote, e.g. a record of the operation stored in the same
 * transaction) and decide, or make the work idempotent and run it again.
 *
 * <p>Every other failure of a commit means it was not applied; a commit that returns normally is
 * stored.
 */
public class CommitOutcomeUnknownException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final long startTs;

  /**
   * @param startTs the transaction's start timestamp, as TiKV knows it
   * @param message what was sent, what was lost, and what was tried to find out
   * @param cause the failure that left the outcome open
   */
  public CommitOutcomeUnknownException(long startTs, String message, Throwable cause) {
    super(message, cause);
    this.startTs = startTs;
  }

  /** The transaction's start timestamp (TiKV's {@code start_ts}), to look it up in logs or tools. */
  public long startTs() {
    return startTs;
  }
}
