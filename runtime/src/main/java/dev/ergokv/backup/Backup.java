package dev.ergokv.backup;

import dev.ergokv.migrate.ProgressListener;
import java.nio.file.Path;

/**
 * A backup of entities, taken from ONE consistent snapshot of the cluster (one read timestamp for
 * every model), streamed to files: one NDJSON file per model (one entity per line, readable JSON)
 * plus {@code manifest.json} (models, schema versions, counts, snapshot timestamp, format version,
 * SHA-256 of each file). Get one from {@code ErgoKv.backup()}; settings return a new, immutable
 * backup.
 *
 * <pre>{@code
 * BackupResult result = kv.backup().models(User.class, Order.class).gzip(true).writeTo(Path.of("backups"));
 * // backups/backup-20250101T120000Z-449573834203217921/{manifest.json, 0001-Order.ndjson.gz, 0002-User.ndjson.gz}
 * }</pre>
 *
 * <p>Memory does not depend on the size of the data: entities are read a page at a time and
 * written as they come. The snapshot is held for the whole backup; on a real cluster the backup
 * registers a PD service GC safe point for its duration, so the versions it reads are not
 * collected (see {@code docs/backup.md}). Index entries are not backed up: a restore rebuilds
 * them.
 */
public interface Backup {

  /** Backs up the models of these entity classes (default: every model in the keyspace). */
  Backup models(Class<?>... entities);

  /** Backs up these models by name (default: every model in the keyspace). */
  Backup modelNames(String... names);

  /** Whether data files are gzip-compressed ({@code .ndjson.gz}). Default false. */
  Backup gzip(boolean compress);

  /** Receives progress after every page of entities written. */
  Backup listener(ProgressListener listener);

  /**
   * Writes the backup into a new directory inside {@code parent} (created if need be), named
   * {@code backup-<UTC time>-<snapshot timestamp>}, so backups never overwrite each other. The
   * manifest is written last; on failure the new directory is removed.
   *
   * @return where it went, the snapshot and the counts
   * @throws java.io.UncheckedIOException when a file cannot be written
   */
  BackupResult writeTo(Path parent);
}
