package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A transaction far larger than one request (120,000 keys, 60 prewrite requests) on a healthy
 * cluster with a short request timeout: its requests go out a few at a time, each with a budget
 * of its own, so the store is never handed more than it can answer in time, and it commits.
 */
class LargeTransactionTest {

  private static final int KEYS_PER_REGION = 60_000;

  @Test
  void aTransactionOfManyRequestsCommitsWithinPerRequestBudgets() {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine engine = fixture.engine(Duration.ofSeconds(1), Duration.ofSeconds(3), TikvEngine.Tuning.DEFAULT);
      char[] filler = new char[100];
      Arrays.fill(filler, 'v');
      String value = new String(filler);
      try (KvTransaction tx = engine.begin()) {
        for (char region : new char[] {'a', 'z'}) {
          for (int i = 0; i < KEYS_PER_REGION; i++) {
            tx.put(b(String.format("%c-large/%06d", region, i)), b(value));
          }
        }
        tx.commit();
      }
      fixture.awaitNoLocks();
      TikvEngine reader = fixture.engine();
      long stored = 0;
      try (KvTransaction tx = reader.beginReadOnly(); KvScan scan = tx.scan(b("a-large/"), b("zz"), 10_000, Long.MAX_VALUE)) {
        while (scan.hasNext()) {
          assertThat(s(scan.next().getValue())).isEqualTo(value);
          stored++;
        }
      }
      assertThat(stored).isEqualTo(2L * KEYS_PER_REGION);
    }
  }
}
