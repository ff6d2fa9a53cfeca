package dev.ergokv.benchmarks.backup;

import dev.ergokv.ErgoKv;
import dev.ergokv.backup.BackupResult;
import dev.ergokv.backup.RestoreResult;
import dev.ergokv.localcluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backup and restore throughput on the embedded cluster: one operation is a whole backup of
 * {@code entities} customers (one snapshot, one NDJSON file, the manifest), or a whole restore of
 * that backup into an empty keyspace (checks, then batches with index entries). Entities per
 * second = {@code entities} / time per operation; the README gives the medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class BackupRestoreBenchmark {

  @Param({"20000"})
  public int entities;

  @Param({"false", "true"})
  public boolean gzip;

  private LocalCluster cluster;
  private ErgoKv source;
  private Path directory;
  private BackupResult backup;
  private int targets;

  @Setup(Level.Trial)
  public void start() throws IOException {
    cluster = LocalCluster.start();
    source = ErgoKv.builder().pdAddresses(cluster.pdAddresses()).keyspace("bench-source").build();
    for (int from = 0; from < entities; from += 1000) {
      int first = from;
      source.transact(tx -> {
        for (long id = first; id < first + 1000 && id < entities; id++) {
          tx.insert(Customer.numbered(id));
        }
      });
    }
    directory = Files.createTempDirectory("ergokv-backup-bench");
    backup = source.backup().gzip(gzip).writeTo(directory.resolve("restore-source"));
  }

  @TearDown(Level.Trial)
  public void stop() {
    try {
      source.close();
    } finally {
      cluster.close();
      delete(directory);
    }
  }

  /** A backup of the whole keyspace. */
  @Benchmark
  public BackupResult backup() {
    return source.backup().gzip(gzip).writeTo(directory.resolve("backups"));
  }

  /** An empty keyspace for each restore, connected outside the measured time. */
  @State(Scope.Thread)
  public static class Target {
    ErgoKv kv;

    @Setup(Level.Invocation)
    public void connect(BackupRestoreBenchmark benchmark) {
      kv =
          ErgoKv.builder()
              .pdAddresses(benchmark.cluster.pdAddresses())
              .keyspace("bench-target-" + ++benchmark.targets)
              .build();
    }

    @TearDown(Level.Invocation)
    public void close() {
      kv.close();
    }
  }

  /** The restore of the backup into an empty keyspace (so every entity is written). */
  @Benchmark
  public RestoreResult restore(Target target) {
    return target.kv.restore(backup.directory()).entities(Customer.class).batchSize(512).run();
  }

  @TearDown(Level.Iteration)
  public void removeBackups() {
    delete(directory.resolve("backups"));
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
