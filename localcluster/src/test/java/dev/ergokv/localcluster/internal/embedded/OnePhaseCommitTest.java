package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.bs;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.mutation;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.kvproto.Kvrpcpb;

/**
 * 1PC ({@code try_one_pc}) as TiKV serves it: the commit ts comes from the concurrency manager's
 * {@code max_ts}, which reads, status checks and cleanups raise; a request that cannot be committed
 * in one phase falls back to ordinary locks; retries of a committed prewrite are answered with the
 * commit that already happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnePhaseCommitTest {

  private static final long TTL = 3_000;

  private LocalCluster cluster;
  private DirectRpc rpc;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
    rpc = new DirectRpc(cluster);
  }

  @AfterAll
  void stop() {
    if (rpc != null) {
      rpc.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private Kvrpcpb.PrewriteResponse onePc(long startTs, long maxCommitTs, Kvrpcpb.Mutation... mutations) {
    return rpc.kv().kvPrewrite(
        Kvrpcpb.PrewriteRequest.newBuilder()
            .setContext(rpc.ctx(mutations[0].getKey().toStringUtf8()))
            .setStartVersion(startTs)
            .setPrimaryLock(mutations[0].getKey())
            .setLockTtl(TTL)
            .setMinCommitTs(startTs + 1)
            .setTxnSize(mutations.length)
            .setTryOnePc(true)
            .setMaxCommitTs(maxCommitTs)
            .addAllMutations(List.of(mutations))
            .build());
  }

  @Test
  void commitsAboveEveryEarlierReadWithoutLeavingALock() {
    long startTs = rpc.ts();
    long readTs = rpc.ts();
    assertThat(rpc.get("1pc/a", readTs).getNotFound()).isTrue();

    Kvrpcpb.PrewriteResponse resp = onePc(startTs, 0, put("1pc/a", "v"));

    long commitTs = resp.getOnePcCommitTs();
    assertThat(resp.getErrorsCount()).isZero();
    assertThat(resp.getMinCommitTs()).isZero();
    assertThat(commitTs).isGreaterThan(readTs);
    Kvrpcpb.MvccInfo info = rpc.mvcc("1pc/a");
    assertThat(info.hasLock()).isFalse();
    assertThat(info.getWrites(0).getStartTs()).isEqualTo(startTs);
    assertThat(info.getWrites(0).getCommitTs()).isEqualTo(commitTs);
    // The reader that came first still sees nothing at its timestamp; later ones see the value.
    assertThat(rpc.get("1pc/a", readTs).getNotFound()).isTrue();
    long later = rpc.ts();
    assertThat(later).isGreaterThanOrEqualTo(commitTs);
    assertThat(rpc.get("1pc/a", later).getValue()).isEqualTo(bs("v"));
  }

  @Test
  void statusChecksAndCleanupsRaiseTheCommitTsFloor() {
    long lockTs = rpc.ts();
    long startTs = rpc.ts();
    long callerTs = rpc.ts();
    assertThat(rpc.checkTxnStatus("1pc/nobody", lockTs, callerTs, lockTs, true).hasError()).isFalse();
    assertThat(onePc(startTs, 0, put("1pc/cts", "v")).getOnePcCommitTs()).isGreaterThan(callerTs);

    long secondStart = rpc.ts();
    long cleanedUp = rpc.ts();
    Kvrpcpb.CleanupResponse cleanup =
        rpc.kv().kvCleanup(
            Kvrpcpb.CleanupRequest.newBuilder()
                .setContext(rpc.ctx("1pc/cleanup"))
                .setKey(bs("1pc/cleanup"))
                .setStartVersion(cleanedUp)
                .build());
    assertThat(cleanup.hasError()).isFalse();
    assertThat(onePc(secondStart, 0, put("1pc/cleanup2", "v")).getOnePcCommitTs()).isGreaterThan(cleanedUp);
  }

  @Test
  void aCommitTsAboveMaxCommitTsFallsBackToOrdinaryLocksAndARetryStaysThere() {
    long startTs = rpc.ts();
    rpc.get("1pc/fb", rpc.ts()); // max_ts is now above startTs + 1

    for (int attempt = 0; attempt < 2; attempt++) {
      Kvrpcpb.PrewriteResponse resp = onePc(startTs, startTs + 1, put("1pc/fb", "v"));
      assertThat(resp.getErrorsCount()).isZero();
      assertThat(resp.getOnePcCommitTs()).isZero();
      assertThat(resp.getMinCommitTs()).isZero();
      assertThat(rpc.mvcc("1pc/fb").getLock().getStartTs()).isEqualTo(startTs);
    }
    // A later 1PC attempt without a limit also stays 2PC: the lock of this transaction is there.
    assertThat(onePc(startTs, 0, put("1pc/fb", "v")).getOnePcCommitTs()).isZero();

    long commitTs = rpc.ts();
    assertThat(rpc.commit(startTs, commitTs, "1pc/fb").hasError()).isFalse();
    assertThat(rpc.get("1pc/fb", rpc.ts()).getValue()).isEqualTo(bs("v"));
  }

  @Test
  void aRequestThatMeetsALockCommitsNothing() {
    long other = rpc.ts();
    assertThat(rpc.prewrite(other, "1pc/aon2", TTL, put("1pc/aon2", "x")).getErrorsCount()).isZero();
    long mine = rpc.ts();

    Kvrpcpb.PrewriteResponse resp = onePc(mine, 0, put("1pc/aon1", "1"), put("1pc/aon2", "2"));

    assertThat(resp.getOnePcCommitTs()).isZero();
    assertThat(resp.getErrors(0).getLocked().getLockVersion()).isEqualTo(other);
    assertThat(rpc.mvcc("1pc/aon1").getWritesCount()).isZero();
    assertThat(rpc.mvcc("1pc/aon1").hasLock()).isFalse();
    assertThat(rpc.mvcc("1pc/aon2").getLock().getStartTs()).isEqualTo(other);
  }

  @Test
  void aRetriedRequestAnswersTheCommitItAlreadyMade() {
    long startTs = rpc.ts();
    long first = onePc(startTs, 0, put("1pc/retry", "v")).getOnePcCommitTs();
    rpc.get("1pc/retry", rpc.ts()); // max_ts moves on; the retry must not commit again

    Kvrpcpb.PrewriteResponse again = onePc(startTs, 0, put("1pc/retry", "v"));

    assertThat(first).isNotZero();
    assertThat(again.getErrorsCount()).isZero();
    assertThat(again.getOnePcCommitTs()).isEqualTo(first);
    assertThat(rpc.mvcc("1pc/retry").getWritesCount()).isEqualTo(1);
  }

  @Test
  void aRetriedTwoPhasePrewriteOfACommittedTransactionSucceedsWithoutALock() {
    long startTs = rpc.ts();
    assertThat(rpc.prewrite(startTs, "1pc/2pc-retry", TTL, put("1pc/2pc-retry", "v")).getErrorsCount()).isZero();
    assertThat(rpc.commit(startTs, rpc.ts(), "1pc/2pc-retry").hasError()).isFalse();
    rpc.write(put("1pc/2pc-retry", "newer"));

    Kvrpcpb.PrewriteResponse again = rpc.prewrite(startTs, "1pc/2pc-retry", TTL, put("1pc/2pc-retry", "v"));

    assertThat(again.getErrorsCount()).isZero();
    assertThat(rpc.mvcc("1pc/2pc-retry").hasLock()).isFalse();
  }

  @Test
  void lockMutationsCommitLockRecordsAndCheckNotExistsWritesNothing() {
    rpc.write(put("1pc/locked", "kept"));
    long startTs = rpc.ts();

    Kvrpcpb.PrewriteResponse resp =
        onePc(startTs, 0, mutation(Kvrpcpb.Op.Lock, "1pc/locked"), mutation(Kvrpcpb.Op.CheckNotExists, "1pc/absent"));

    assertThat(resp.getOnePcCommitTs()).isNotZero();
    Kvrpcpb.MvccInfo locked = rpc.mvcc("1pc/locked");
    assertThat(locked.getWrites(0).getType()).isEqualTo(Kvrpcpb.Op.Lock);
    assertThat(locked.getWrites(0).getCommitTs()).isEqualTo(resp.getOnePcCommitTs());
    assertThat(rpc.get("1pc/locked", rpc.ts()).getValue()).isEqualTo(bs("kept"));
    assertThat(rpc.mvcc("1pc/absent").getWritesCount()).isZero();
  }

  @Test
  void anInsertOfAnExistingKeyFailsAndCommitsNothing() {
    rpc.write(put("1pc/exists", "v"));

    Kvrpcpb.PrewriteResponse resp =
        onePc(
            rpc.ts(),
            0,
            put("1pc/other", "x"),
            Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Insert).setKey(bs("1pc/exists")).setValue(bs("w")).build());

    assertThat(resp.getOnePcCommitTs()).isZero();
    assertThat(resp.getErrors(0).getAlreadyExist().getKey()).isEqualTo(bs("1pc/exists"));
    assertThat(rpc.mvcc("1pc/other").getWritesCount()).isZero();
  }

  /**
   * A reader holding a timestamp must see the same value on every read, however 1PC commits race
   * with it: a commit either lands above the reader's timestamp or is visible to it from the start.
   */
  @Test
  void readersRacingOnePhaseCommitsAlwaysReadTheSameValueAtTheirTimestamp() throws Exception {
    rpc.write(put("1pc/race", "0"));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Integer> writer =
          pool.submit(
              () -> {
                int commits = 0;
                for (int i = 1; i <= 300; i++) {
                  Kvrpcpb.PrewriteResponse resp = onePc(rpc.ts(), 0, put("1pc/race", Integer.toString(i)));
                  assertThat(resp.getErrorsCount()).isZero();
                  assertThat(resp.getOnePcCommitTs()).isNotZero();
                  commits++;
                }
                writing.set(false);
                return commits;
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  // Its own connection: calls on one connection are served one after another.
                  try (DirectRpc own = new DirectRpc(cluster)) {
                    int checks = 0;
                    while (writing.get()) {
                      long ts = own.ts();
                      String first = own.get("1pc/race", ts).getValue().toStringUtf8();
                      String second = own.get("1pc/race", ts).getValue().toStringUtf8();
                      assertThat(second).as("value at ts %d", ts).isEqualTo(first);
                      checks++;
                    }
                    return checks;
                  }
                }));
      }
      assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(300);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
