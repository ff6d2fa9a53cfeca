package dev.ergokv.internal.migrate;

import dev.ergokv.migrate.Progress;
import dev.ergokv.migrate.ProgressListener;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Reports the progress of one long operation on one model: to the listener after every batch,
 * and to the log at INFO at most every few seconds (and at the end), with counts and rate.
 */
public final class ProgressMeter {

  private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final String operation;
  private final String model;
  private final ProgressListener listener;
  private final Logger log;
  private final long start = System.nanoTime();
  private long lastLog = start;

  public ProgressMeter(String operation, String model, ProgressListener listener, Logger log) {
    this.operation = operation;
    this.model = model;
    this.listener = listener;
    this.log = log;
  }

  /** After a batch. */
  public void update(long processed, long written) {
    report(processed, written, false);
  }

  /** When the model is done. */
  public void finish(long processed, long written) {
    report(processed, written, true);
  }

  private void report(long processed, long written, boolean finished) {
    long now = System.nanoTime();
    Progress progress =
        new Progress(operation, model, processed, written, Duration.ofNanos(now - start), finished);
    if (finished || now - lastLog >= LOG_INTERVAL_NANOS) {
      lastLog = now;
      log.info("{}", progress);
    }
    if (listener != null) {
      listener.onProgress(progress);
    }
  }
}
