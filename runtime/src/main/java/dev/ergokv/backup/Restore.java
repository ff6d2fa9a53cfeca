package dev.ergokv.backup;

import dev.ergokv.migrate.ProgressListener;

/**
 * Restores a backup written by {@link Backup} into this ErgoKv's keyspace. Get one from {@code
 * ErgoKv.restore(directory)}; settings return a new, immutable restore.
 *
 * <pre>{@code
 * RestoreResult result = kv.restore(Path.of("backups/backup-20250101T120000Z-4495..."))
 *     .entities(User.class, Order.class)
 *     .clearFirst(true)
 *     .run();
 * }</pre>
 *
 * <p>Before anything is written, the whole backup is checked: the manifest, every file's SHA-256,
 * every line (format, key, schema version known to the class's {@code @MigrateFrom} chain, value
 * decodes, counts as in the manifest). Any problem is a {@link BackupFormatException} naming the
 * file and line.
 *
 * <p>Then entities are written in batches (one transaction each) with their index entries: the
 * exact stored bytes of the backup, at the schema version they had (older versions stay older,
 * with their own index entries, for the lazy path or a migration to convert). An entity already
 * stored with the same bytes is left alone, so restoring twice gives the same state. A unique
 * value owned by another entity is never overwritten: the entity is not written and the restore
 * ends with {@link RestoreFailedException}. Each model is restored under the model's lease (the
 * same one migrations take), so a restore never runs alongside a migration of the same model.
 */
public interface Restore {

  /**
   * The entity classes of the backed-up models (any version of their chain may be in the
   * backup). Every model of the backup needs one, unless {@link #onlyModels} limits the restore.
   */
  Restore entities(Class<?>... types);

  /** Restores only these models of the backup (default: all of them). */
  Restore onlyModels(String... models);

  /**
   * Whether to delete every entity and index entry of each restored model before writing (so the
   * model holds exactly the backup afterwards). Default false: entities not in the backup stay.
   * The deletion is done in batches after the checks pass; it is not undone if the restore then
   * fails.
   */
  Restore clearFirst(boolean clear);

  /**
   * At most this many entities per batch (transaction). Default 256.
   *
   * @throws IllegalArgumentException if not positive
   */
  Restore batchSize(int entities);

  /** Receives progress after every batch. */
  Restore listener(ProgressListener listener);

  /**
   * Checks the backup, then restores it.
   *
   * @throws BackupFormatException when the backup does not pass the checks (nothing written)
   * @throws RestoreFailedException when entities were not written because their unique values
   *     belong to other entities (everything else was written)
   * @throws dev.ergokv.ErgoKvException when a model is leased by a migration or another restore
   */
  RestoreResult run();
}
