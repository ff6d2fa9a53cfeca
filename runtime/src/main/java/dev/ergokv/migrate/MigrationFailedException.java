package dev.ergokv.migrate;

import dev.ergokv.ErgoKvException;

/**
 * A migration run ended {@link MigrationStatus#FAILED}: a stored value could not be decoded or
 * converted (the cause, a {@link dev.ergokv.CorruptValueException} or a {@link
 * ConverterFailedException}, names the key), or
 * entities could not take their new unique values. The run's record in the history says the
 * same; what was written before is consistent.
 */
public class MigrationFailedException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final transient MigrationResult result;

  /**
   * @param result the failed run as recorded
   * @param cause the failure that stopped it, or null when it ended with unique collisions
   */
  public MigrationFailedException(MigrationResult result, Throwable cause) {
    super(describe(result), cause);
    this.result = result;
  }

  /** The failed run, with its counts, failing key and collisions. */
  public MigrationResult result() {
    return result;
  }

  private static String describe(MigrationResult result) {
    StringBuilder text =
        new StringBuilder("Migration of model '")
            .append(result.model())
            .append("' to version ")
            .append(result.toVersion())
            .append(" failed (run ")
            .append(result.runId())
            .append(", ")
            .append(result.migrated())
            .append(" entities converted): ");
    if (result.failedKey() != null) {
      text.append("stopped at key ").append(result.failedKey()).append(": ").append(result.error());
    } else {
      text.append(result.error());
      int shown = 0;
      for (UniqueCollision collision : result.duplicates()) {
        if (shown++ == 10) {
          text.append("\n  ...");
          break;
        }
        text.append("\n  - ").append(collision);
      }
    }
    return text.toString();
  }
}
