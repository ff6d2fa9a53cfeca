package dev.ergokv.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished backup.
 *
 * @param directory the backup's directory (holds {@code manifest.json})
 * @param snapshotTs the cluster timestamp every entity was read at
 * @param snapshotTime the physical time of that timestamp
 * @param entities how many entities of each model were written, by model name
 * @param bytes the total size of the data files
 */
public record BackupResult(
    Path directory, long snapshotTs, Instant snapshotTime, Map<String, Long> entities, long bytes) {

  /** Copies the map; model names in order. */
  public BackupResult {
    entities = Collections.unmodifiableMap(new TreeMap<>(entities));
  }

  /** Entities written, all models together. */
  public long totalEntities() {
    return entities.values().stream().mapToLong(Long::longValue).sum();
  }
}
