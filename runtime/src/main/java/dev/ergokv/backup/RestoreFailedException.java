package dev.ergokv.backup;

import dev.ergokv.ErgoKvException;
import dev.ergokv.migrate.UniqueCollision;

/**
 * A restore wrote everything it could, but some entities were not written because their value of
 * a unique index belongs to another entity already stored (never overwritten). The result lists
 * them.
 */
public class RestoreFailedException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final transient RestoreResult result;

  /** @param result the restore, with the collisions per model */
  public RestoreFailedException(RestoreResult result) {
    super(describe(result));
    this.result = result;
  }

  /** What was restored, and what was not. */
  public RestoreResult result() {
    return result;
  }

  private static String describe(RestoreResult result) {
    StringBuilder text =
        new StringBuilder("Restore of ")
            .append(result.directory())
            .append(" left entities unwritten because their unique values belong to other entities:");
    int shown = 0;
    for (RestoreResult.RestoredModel model : result.models()) {
      for (UniqueCollision collision : model.collisions()) {
        if (shown++ == 10) {
          return text.append("\n  ...").toString();
        }
        text.append("\n  - ").append(collision);
      }
    }
    return text.toString();
  }
}
