package dev.ergokv;

/**
 * The unit of work was rolled back instead of committed, because work that had joined it failed:
 * a nested {@link ErgoKv#transact} (or a repository call inside a unit of work) threw, and the
 * outer work caught that exception and returned normally. Throwing from work rolls back the whole
 * unit it belongs to, so the writes made before the failure (in the nested work or around it) are
 * never committed half-done. Nothing was written. The cause is the failure that marked the unit.
 *
 * <p>Like JPA's {@code RollbackException} or Spring's {@code UnexpectedRollbackException}: to
 * tolerate a failure inside a unit of work, do not run the failing part as nested work (catch
 * the exception of a plain call instead), or run it in a unit of its own on another thread.
 */
public class RollbackOnlyException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  /**
   * @param failure the exception of the nested work that marked the unit rollback-only
   */
  public RollbackOnlyException(Throwable failure) {
    super(
        "The unit of work was rolled back, not committed: nested work joined to it failed with "
            + failure
            + ", and the outer work went on. Nothing was written",
        failure);
  }
}
