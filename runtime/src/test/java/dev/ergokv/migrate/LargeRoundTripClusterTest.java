package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import dev.ergokv.TestKv;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 entities of two models (50,000 small Person entities at three schema versions, 50,000
 * Docs of about a kilobyte each: some 60 MB of stored values) backed up and restored into an
 * empty keyspace. The backup and the restore run in a separate JVM limited to a 48 MB heap, far
 * less than the data, which samples its heap after full GCs; this test then compares every key
 * and value of both keyspaces (entities and index entries) byte for byte.
 */
class LargeRoundTripClusterTest {

  private static final int PEOPLE = 50_000;
  private static final int DOCS = 50_000;
  private static final String HEAP = "48m";

  @TempDir Path temp;

  @Test
  void aHundredThousandEntitiesRoundTripExactlyInBoundedMemory() throws Exception {
    try (LocalCluster cluster =
            LocalCluster.start(LocalClusterOptions.builder().backend(Backend.EMBEDDED).build());
        KvEngine engine =
            TikvEngine.connect(
                new EngineConfig(
                    cluster.pdEndpoints(), Map.of(), null, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(3)))) {
      String source = "large-source";
      String target = "large-target";
      try (ErgoKv kv = TestKv.on(engine, source, b -> b)) {
        People.seed(kv, PEOPLE / 3, PEOPLE / 3, PEOPLE - 2 * (PEOPLE / 3));
        String body = "lorem ipsum dolor sit amet ".repeat(40);
        for (int from = 1; from <= DOCS; from += 1000) {
          int first = from;
          kv.transact(tx -> {
            for (int id = first; id < first + 1000 && id <= DOCS; id++) {
              tx.insert(new Doc(id, body + id));
            }
          });
        }
      }

      Map<String, Long> child = runChild(cluster.pdAddresses(), source, target);

      assertThat(child.get("BACKUP_ENTITIES")).isEqualTo(PEOPLE + DOCS);
      assertThat(child.get("RESTORED")).isEqualTo(PEOPLE + DOCS);
      long peak = child.get("PEAK_HEAP_AFTER_GC");
      assertThat(peak).as("live heap after GC, bytes").isLessThan(40L << 20);
      System.out.printf(
          "large round trip: backup %d ms, restore %d ms, %d bytes of backup files, peak live heap %.1f MB of %.1f MB%n",
          child.get("BACKUP_MS"),
          child.get("RESTORE_MS"),
          child.get("BACKUP_BYTES"),
          peak / 1048576.0,
          child.get("MAX_HEAP") / 1048576.0);

      Map<String, String> before = RawKeys.relative(engine, source);
      Map<String, String> after = RawKeys.relative(engine, target);
      after.keySet().removeIf(key -> key.startsWith("4d")); // the migration tag: leases only
      // Person: a third at v1 (3 keys), v2 (4 keys), v3 (3 keys); Doc: entity, slug, shelf.
      assertThat(before).hasSize(PEOPLE / 3 * 3 + PEOPLE / 3 * 4 + (PEOPLE - 2 * (PEOPLE / 3)) * 3 + DOCS * 3);
      assertThat(after).isEqualTo(before);
    }
  }

  /** Runs {@link RoundTripChild} with a small heap and returns the numbers it printed. */
  private Map<String, Long> runChild(String pd, String source, String target)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + HEAP);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    // e.g. -Dergokv.roundtrip.childArgs=-XX:StartFlightRecording=filename=child.jfr to profile it
    String extra = System.getProperty("ergokv.roundtrip.childArgs", "");
    if (!extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RoundTripChild.class.getName());
    command.add(pd);
    command.add(source);
    command.add(target);
    command.add(temp.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Long> values = new HashMap<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        int equals = line.indexOf('=');
        if (equals > 0 && line.substring(0, equals).matches("[A-Z_]+")) {
          values.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
        }
      }
    }
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(process.exitValue()).as("child exit code; its output:%n%s", output).isZero();
    return values;
  }
}
