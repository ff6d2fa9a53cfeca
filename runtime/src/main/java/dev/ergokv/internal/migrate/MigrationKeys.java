package dev.ergokv.internal.migrate;

import dev.ergokv.internal.keys.KeySpace;
import java.util.Arrays;

/**
 * Where the state of one model's migrations lives, all under {@code keyspace | M | model | part}
 * (never colliding with entity or index keys):
 *
 * <pre>
 *   part "lease"            → the lease of the runner working on the model (JSON)
 *   part "active"           → the id of the run in progress (JSON), absent when none
 *   part "history/&lt;runId&gt;" → the record of one run (JSON), ordered by start time
 * </pre>
 *
 * The lease is shared by migrations and restores of the model.
 */
public final class MigrationKeys {

  private static final String HISTORY = "history/";

  private final KeySpace keySpace;
  private final String model;

  public MigrationKeys(KeySpace keySpace, String model) {
    this.keySpace = keySpace;
    this.model = model;
  }

  /** The lease of the model. */
  public byte[] lease() {
    return keySpace.migrationKey(model, "lease");
  }

  /** The pointer to the run in progress. */
  byte[] active() {
    return keySpace.migrationKey(model, "active");
  }

  /** The record of one run. */
  byte[] history(String runId) {
    return keySpace.migrationKey(model, HISTORY + runId);
  }

  /** The first key of the history records. */
  byte[] historyStart() {
    byte[] key = keySpace.migrationKey(model, HISTORY);
    // Without the string terminator (0x00 0x01): a prefix of every longer part name.
    return Arrays.copyOf(key, key.length - 2);
  }

  /** The first key after the history records. */
  byte[] historyEnd() {
    byte[] end = historyStart();
    end[end.length - 1]++; // '/' + 1
    return end;
  }
}
