package dev.ergokv.migrate;

import java.time.Duration;
import java.util.List;

/**
 * Runs eager migrations: rewrites every stored entity of a model that an older schema version
 * wrote, converted through its {@code @MigrateFrom} chain, with its index entries. Get one from
 * {@code ErgoKv.migrator()}; settings return a new, immutable migrator, so one can be shared.
 *
 * <pre>{@code
 * MigrationResult result = kv.migrator()
 *     .batchSize(500)
 *     .listener(p -> log.info("{}", p))
 *     .migrate(User.class);
 * }</pre>
 *
 * <p>Guarantees (see {@code docs/migrations.md}):
 *
 * <ul>
 *   <li>Each batch is one transaction: converted values, their index changes, the run's
 *       checkpoint and the lease renewal commit together, so a crash loses at most the batch in
 *       flight and the next runner resumes after the last committed checkpoint. No entity is
 *       converted twice or skipped.
 *   <li>One runner per model at a time, through a lease with owner and expiry in the cluster. A
 *       second runner waits (default) or returns {@link MigrationStatus#BUSY}; an expired lease
 *       (its runner died) is taken over.
 *   <li>A value that cannot be decoded or converted stops the run: it is recorded {@link
 *       MigrationStatus#FAILED} with the key and the error, and {@link MigrationFailedException}
 *       is thrown. A new unique index never overwrites: entities whose value is taken are left at
 *       their old version and listed.
 *   <li>The history records each run by model name and versions, with status, counts and times.
 * </ul>
 */
public interface Migrator {

  /** What a runner does when another runner holds the model's lease. */
  enum OnBusy {
    /** Wait until the lease is released or expires (up to a limit), then run. */
    WAIT,
    /** Return at once with {@link MigrationStatus#BUSY}. */
    RETURN
  }

  /**
   * At most this many entities are converted per batch (transaction). Default 256.
   *
   * @throws IllegalArgumentException if not positive
   */
  Migrator batchSize(int entities);

  /**
   * A batch also ends once its converted values reach this many bytes, keeping transactions well
   * below TiKV's size limits. Default 4 MiB.
   *
   * @throws IllegalArgumentException if not positive
   */
  Migrator maxBatchBytes(long bytes);

  /**
   * How long the lease of a runner lasts without renewal; every batch renews it. A runner that
   * dies blocks others for at most this long. Judged by the cluster's clock (PD timestamps).
   * Default 30 s.
   *
   * @throws IllegalArgumentException if not positive
   */
  Migrator leaseDuration(Duration duration);

  /**
   * What to do when another runner holds the lease: wait at most {@code maxWait} for it (then
   * return {@link MigrationStatus#BUSY}), or return at once. Default: wait up to 10 minutes.
   */
  Migrator onBusy(OnBusy onBusy, Duration maxWait);

  /** The owner name recorded in the lease and the history. Default: host, process id and a random suffix. */
  Migrator owner(String owner);

  /** Receives progress after every batch. Default: none (progress is still logged at INFO). */
  Migrator listener(ProgressListener listener);

  /**
   * Converts every stored entity of {@code entity}'s model written by an older version of its
   * {@code @MigrateFrom} chain. Reads the whole model once even when nothing is old (nothing is
   * written then, and nothing recorded: the result has no run id). Resumes a run left {@link
   * MigrationStatus#RUNNING} by a runner that stopped.
   *
   * @return the run; {@link MigrationStatus#COMPLETED}, or {@link MigrationStatus#BUSY}
   * @throws MigrationFailedException when the run ends {@link MigrationStatus#FAILED}
   * @throws dev.ergokv.MappingException when the class or its chain does not map
   * @throws dev.ergokv.ClusterUnavailableException when the cluster fails mid-run (the run stays
   *     resumable)
   */
  MigrationResult migrate(Class<?> entity);

  /**
   * {@link #migrate} for each class in turn; stops at the first failure (thrown) or busy model.
   */
  List<MigrationResult> migrateAll(Class<?>... entities);

  /** Every recorded run of {@code entity}'s model, oldest first. */
  List<MigrationResult> history(Class<?> entity);
}
