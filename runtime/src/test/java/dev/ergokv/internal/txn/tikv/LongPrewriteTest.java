package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A prewrite of many requests that takes longer than the lock TTL (one request held for twice the
 * TTL) while readers keep meeting its locks: the heartbeat keeps the primary alive from before
 * the prewrite, so readers step around the locks instead of rolling the transaction back, and the
 * commit succeeds, 20 times in a row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongPrewriteTest {

  private static final int RUNS = 20;
  private static final int KEYS_PER_REGION = 3_000; // two requests per region
  private static final Duration LOCK_TTL = Duration.ofMillis(600);
  private static final Duration HELD = LOCK_TTL.multipliedBy(2);

  private EngineFixture fixture;
  private TikvEngine writer;
  private TikvEngine reader;

  @BeforeAll
  void start() {
    fixture = EngineFixture.start("m");
    // The held request is answered within the request timeout: slow, not lost.
    writer = fixture.engine(Duration.ofSeconds(5), LOCK_TTL, TikvEngine.Tuning.DEFAULT);
    reader = fixture.engine();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private static String key(char region, int i) {
    return String.format("%c-big/%05d", region, i);
  }

  @Test
  void aPrewriteLongerThanTheLockTtlIsKeptAliveAndCommits() throws Exception {
    List<String> probes = List.of(key('a', 0), key('a', KEYS_PER_REGION - 1), key('z', 0), key('z', KEYS_PER_REGION - 1));
    for (int run = 0; run < RUNS; run++) {
      // The first prewrite request is served at once, the second is held past the TTL.
      fixture.embedded.failNext("KvPrewrite", 1, Fault.delay(Duration.ZERO));
      fixture.embedded.failNext("KvPrewrite", 1, Fault.delay(HELD));
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      CompletableFuture<Void> readers =
          CompletableFuture.runAsync(
              () -> {
                while (!done.get()) {
                  try (KvTransaction tx = reader.beginReadOnly()) {
                    for (String probe : probes) {
                      tx.get(b(probe));
                    }
                  }
                  reads.incrementAndGet();
                }
              });
      String value = "run-" + run;
      try (KvTransaction tx = writer.begin()) {
        for (char region : new char[] {'a', 'z'}) {
          for (int i = 0; i < KEYS_PER_REGION; i++) {
            tx.put(b(key(region, i)), b(value));
          }
        }
        tx.commit();
      } finally {
        done.set(true);
        readers.get(30, TimeUnit.SECONDS);
      }
      assertThat(fixture.embedded.pendingFaults("KvPrewrite")).as("both faults met").isZero();
      assertThat(reads.get()).as("reads while the prewrite ran").isPositive();
      fixture.awaitNoLocks();
      int stored = 0;
      try (KvTransaction tx = reader.beginReadOnly(); KvScan scan = tx.scan(b("a-big/"), b("zz"), 1024, Long.MAX_VALUE)) {
        while (scan.hasNext()) {
          assertThat(s(scan.next().getValue())).isEqualTo(value);
          stored++;
        }
      }
      assertThat(stored).isEqualTo(2 * KEYS_PER_REGION);
    }
  }
}
