package dev.ergokv.migrate;

/**
 * Receives {@link Progress} reports of migrations, backups and restores, on the thread doing the
 * work, after every batch. Keep it quick; an exception it throws stops the operation (a migration
 * stays resumable).
 */
@FunctionalInterface
public interface ProgressListener {

  /** Called after each batch, and once more when a model is finished. */
  void onProgress(Progress progress);
}
