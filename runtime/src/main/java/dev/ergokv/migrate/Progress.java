package dev.ergokv.migrate;

import java.time.Duration;

/**
 * How far a long operation (a migration, a backup, a restore) has come, reported to a {@link
 * ProgressListener} after every batch and logged at INFO every few seconds.
 *
 * @param operation {@code "migrate"}, {@code "backup"} or {@code "restore"}
 * @param model the model being processed
 * @param processed entities examined so far (scanned, written to the backup, read from it)
 * @param written entities written to the cluster so far (converted or restored; for a backup, the
 *     lines written)
 * @param elapsed time since the operation (or this run of it) started
 * @param finished whether this is the last report for the model
 */
public record Progress(
    String operation,
    String model,
    long processed,
    long written,
    Duration elapsed,
    boolean finished) {

  /** Entities processed per second since the start. */
  public double processedPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : processed * 1e9 / nanos;
  }

  @Override
  public String toString() {
    return String.format(
        "%s %s: %,d processed, %,d written in %.1f s (%,.0f/s)%s",
        operation,
        model,
        processed,
        written,
        elapsed.toMillis() / 1000.0,
        processedPerSecond(),
        finished ? ", done" : "");
  }
}
