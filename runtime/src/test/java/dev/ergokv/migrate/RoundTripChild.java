package dev.ergokv.migrate;

import dev.ergokv.ErgoKv;
import dev.ergokv.backup.BackupResult;
import dev.ergokv.backup.RestoreResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

/**
 * The client side of the large round trip, run in a JVM of its own with a small heap: backs up
 * one keyspace of an existing cluster and restores it into another, sampling the heap after a
 * full GC every few progress reports, and prints what it measured for the test to check.
 *
 * <p>Arguments: PD address, source keyspace, target keyspace, backup parent directory.
 */
public final class RoundTripChild {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static long peakAfterGc;
  private static int reports;

  private RoundTripChild() {}

  public static void main(String[] args) {
    String pd = args[0];
    long start = System.nanoTime();
    BackupResult backup;
    try (ErgoKv source = ErgoKv.builder().pdAddresses(pd).keyspace(args[1]).build()) {
      backup = source.backup().gzip(true).listener(p -> sample()).writeTo(Path.of(args[3]));
    }
    long backedUp = System.nanoTime();
    RestoreResult restored;
    try (ErgoKv target = ErgoKv.builder().pdAddresses(pd).keyspace(args[2]).build()) {
      restored =
          target
              .restore(backup.directory())
              .entities(Person.class, Doc.class)
              .batchSize(512)
              .listener(p -> sample())
              .run();
    }
    long done = System.nanoTime();
    sampleNow();
    System.out.println("BACKUP_ENTITIES=" + backup.totalEntities());
    System.out.println("BACKUP_BYTES=" + backup.bytes());
    System.out.println("BACKUP_MS=" + (backedUp - start) / 1_000_000);
    System.out.println(
        "RESTORED=" + restored.models().stream().mapToLong(m -> m.written()).sum());
    System.out.println("RESTORE_MS=" + (done - backedUp) / 1_000_000);
    System.out.println("PEAK_HEAP_AFTER_GC=" + peakAfterGc);
    System.out.println("MAX_HEAP=" + Runtime.getRuntime().maxMemory());
  }

  private static void sample() {
    if (++reports % 8 == 0) {
      sampleNow();
    }
  }

  private static void sampleNow() {
    System.gc();
    peakAfterGc = Math.max(peakAfterGc, MEMORY.getHeapMemoryUsage().getUsed());
  }
}
