package dev.ergokv.migrate;

/** The state of a migration run, as recorded in its history and returned in its result. */
public enum MigrationStatus {
  /**
   * The run has not finished: it is going on, or its runner stopped (crashed, lost the cluster,
   * lost its lease) and the next runner resumes it from its last checkpoint.
   */
  RUNNING,
  /** Every stored value of an older version was converted (or there was none). */
  COMPLETED,
  /**
   * The run stopped on a value that could not be decoded or converted ({@link
   * MigrationResult#failedKey()} names it), or finished with entities left at their old version
   * because their values of a new unique index belong to other entities ({@link
   * MigrationResult#duplicates()}). Everything written is consistent; a new run converts what is
   * left once the data is fixed.
   */
  FAILED,
  /**
   * Not a recorded state: another runner holds the model's lease, and this one returned instead
   * of waiting (or waited longer than allowed). Nothing was written by this runner.
   */
  BUSY
}
