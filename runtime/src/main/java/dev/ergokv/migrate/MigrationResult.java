package dev.ergokv.migrate;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of an eager migration of one model, as returned by {@code ErgoKv.migrate} and kept in
 * the model's migration history. A migration is identified by the model name and the versions it
 * converts (from {@link #migratedFromVersion()}'s keys to {@link #toVersion()}), never by class
 * names, so renaming classes changes nothing.
 *
 * @param runId the run's id (start time and a random suffix), or null when nothing needed
 *     converting and so nothing was run or recorded
 * @param model the model name
 * @param toVersion the version values are converted to (the current class's)
 * @param status how the run ended (or {@link MigrationStatus#RUNNING} while it goes on)
 * @param migratedFromVersion how many values of each older version were converted
 * @param scanned how many stored values the run examined
 * @param migrated how many values it converted and wrote (each exactly once)
 * @param duplicates entities left unconverted because their value of a unique index belongs to
 *     another entity (the first 100)
 * @param duplicateCount how many such entities there were in all
 * @param failedKey the key of the value that stopped the run (rendered), or null
 * @param error what stopped the run, or null
 * @param owner who ran it last (the lease owner)
 * @param resumes how many times the run was resumed after its runner stopped
 * @param batches how many batches (transactions) it committed
 * @param startedAt when it started
 * @param updatedAt when its record was last written
 * @param finishedAt when it finished, or null
 */
public record MigrationResult(
    String runId,
    String model,
    int toVersion,
    MigrationStatus status,
    Map<Integer, Long> migratedFromVersion,
    long scanned,
    long migrated,
    List<UniqueCollision> duplicates,
    long duplicateCount,
    String failedKey,
    String error,
    String owner,
    int resumes,
    long batches,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {

  /** Copies the collections, so a result never changes; versions in ascending order. */
  public MigrationResult {
    migratedFromVersion = Collections.unmodifiableMap(new TreeMap<>(migratedFromVersion));
    duplicates = List.copyOf(duplicates);
  }

  /** Whether the model holds no value of an older version any more (as far as this run saw). */
  public boolean isComplete() {
    return status == MigrationStatus.COMPLETED;
  }
}
