package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;
import org.tikv.common.exception.KeyException;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.txn.type.ClientRPCResult;

/** Concurrent read-modify-write transactions through the real client. */

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class ConcurrencyConformanceTest {

  private static final String COUNTER = "concurrency/counter";

  @Test
  void concurrentIncrementsWithRetriesEndExact() throws Exception {
    int threads = 4;
    int incrementsPerThread = 15;
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger expiredCommits = new AtomicInteger();
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
        TiSession session = ClientSessions.txn(cluster)) {
      TxnDriver txn = new TxnDriver(session);
      txn.put(COUNTER, "0");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            for (int i = 0; i < incrementsPerThread; i++) {
              increment(session, txn, conflicts, expiredCommits);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(txn.get(COUNTER)).isEqualTo(Integer.toString(threads * incrementsPerThread));
      assertThat(cluster.embedded().orElseThrow().lockedKeys()).isEmpty();
    }
  }

  /**
   * Read at a fresh snapshot, prewrite the successor, commit; a failed prewrite restarts the
   * transaction, a commit whose ts a reader pushed past retries with a fresh commit ts.
   */
  private static void increment(TiSession session, TxnDriver txn, AtomicInteger conflicts, AtomicInteger expiredCommits)
      throws InterruptedException {
    while (true) {
      long startTs = txn.ts();
      TiTimestamp snapshotTs = new TiTimestamp(startTs >> 18, startTs & ((1 << 18) - 1));
      String current = new String(session.createSnapshot(snapshotTs).get(COUNTER.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      String next = Integer.toString(Integer.parseInt(current) + 1);
      ClientRPCResult prewrite = txn.prewrite(startTs, COUNTER, 10_000, TxnDriver.put(COUNTER, next, Kvrpcpb.Op.Put));
      if (!prewrite.isSuccess()) {
        conflicts.incrementAndGet();
        TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(1, 10)); // retry backoff
        continue;
      }
      while (true) {
        ClientRPCResult commit = txn.commitKeys(startTs, txn.ts(), COUNTER);
        if (commit.isSuccess()) {
          return;
        }
        if (commit.getException() instanceof KeyException
            && ((KeyException) commit.getException()).getKeyErr() != null
            && ((KeyException) commit.getException()).getKeyErr().hasCommitTsExpired()) {
          expiredCommits.incrementAndGet();
          continue;
        }
        throw new AssertionError("commit failed: " + TxnDriver.describe(commit.getException()));
      }
    }
  }
}
