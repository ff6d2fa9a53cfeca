package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.bs;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.mutation;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Percolator semantics through direct TiKV RPCs, compared with what TiKV does: rollback records
 * and their protection, min_commit_ts pushes, CommitTsExpired, resolved locks, idempotence, Insert,
 * Lock, pessimistic locks, lock resolution and scans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TxnRpcSemanticsTest {

  private static final long LONG_TTL = 3_600_000;

  private LocalCluster cluster;
  private DirectRpc rpc;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
    rpc = new DirectRpc(cluster);
  }

  @AfterAll
  void stop() throws Exception {
    if (rpc != null) {
      rpc.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static long beyondTtl(long lockTs, long ttl) {
    return Timestamps.compose(Timestamps.physical(lockTs) + ttl + 1, 0);
  }

  // -- prewrite -----------------------------------------------------------------------------

  @Test
  void writeConflictCarriesBothTheStructuredConflictAndTheRetryableText() {
    long olderStart = rpc.ts();
    long newerCommit = rpc.write(put("wc/k", "newer"));

    Kvrpcpb.PrewriteResponse resp = rpc.prewrite(olderStart, "wc/p", LONG_TTL, put("wc/k", "older"));

    assertThat(resp.getErrorsList()).hasSize(1);
    Kvrpcpb.KeyError error = resp.getErrors(0);
    assertThat(error.getConflict().getStartTs()).isEqualTo(olderStart);
    assertThat(error.getConflict().getConflictCommitTs()).isEqualTo(newerCommit);
    assertThat(error.getConflict().getKey()).isEqualTo(bs("wc/k"));
    assertThat(error.getConflict().getPrimary()).isEqualTo(bs("wc/p"));
    assertThat(error.getRetryable()).contains("WriteConflict");
  }

  @Test
  void prewriteIsAllOrNothingAndReportsEveryLockedKey() {
    long other = rpc.ts();
    assertThat(rpc.prewrite(other, "aon/b", LONG_TTL, put("aon/b", "x"), put("aon/d", "x")).getErrorsCount()).isZero();
    long mine = rpc.ts();

    Kvrpcpb.PrewriteResponse resp =
        rpc.prewrite(mine, "aon/a", LONG_TTL, put("aon/a", "1"), put("aon/b", "2"), put("aon/c", "3"), put("aon/d", "4"));

    assertThat(resp.getErrorsList()).extracting(e -> e.getLocked().getKey().toStringUtf8()).containsExactly("aon/b", "aon/d");
    assertThat(resp.getErrors(0).getLocked().getLockVersion()).isEqualTo(other);
    assertThat(rpc.mvcc("aon/a").hasLock()).isFalse();
    assertThat(rpc.mvcc("aon/c").hasLock()).isFalse();
  }

  @Test
  void repeatedPrewriteOfTheSameTransactionSucceeds() {
    long startTs = rpc.ts();
    assertThat(rpc.prewrite(startTs, "rep/k", LONG_TTL, put("rep/k", "v")).getErrorsCount()).isZero();

    assertThat(rpc.prewrite(startTs, "rep/k", LONG_TTL, put("rep/k", "v")).getErrorsCount()).isZero();
    assertThat(rpc.commit(startTs, rpc.ts(), "rep/k").hasError()).isFalse();
  }

  @Test
  void insertFindsAnExistingValueBehindLockAndRollbackRecords() {
    rpc.write(put("ins/k", "v"));
    rpc.write(mutation(Kvrpcpb.Op.Lock, "ins/k"));
    long rolledBack = rpc.ts();
    assertThat(rpc.rollback(rolledBack, "ins/k").hasError()).isFalse();

    Kvrpcpb.PrewriteResponse resp =
        rpc.prewrite(rpc.ts(), "ins/k", LONG_TTL, Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Insert).setKey(bs("ins/k")).setValue(bs("w")).build());

    assertThat(resp.getErrorsList()).hasSize(1);
    assertThat(resp.getErrors(0).getAlreadyExist().getKey()).isEqualTo(bs("ins/k"));
  }

  @Test
  void checkNotExistsChecksWithoutWritingALock() {
    rpc.write(put("cne/exists", "v"));

    Kvrpcpb.PrewriteResponse ok = rpc.prewrite(rpc.ts(), "cne/absent", LONG_TTL, mutation(Kvrpcpb.Op.CheckNotExists, "cne/absent"));
    Kvrpcpb.PrewriteResponse taken = rpc.prewrite(rpc.ts(), "cne/exists", LONG_TTL, mutation(Kvrpcpb.Op.CheckNotExists, "cne/exists"));

    assertThat(ok.getErrorsCount()).isZero();
    assertThat(rpc.mvcc("cne/absent").hasLock()).isFalse();
    assertThat(taken.getErrors(0).hasAlreadyExist()).isTrue();
  }

  @Test
  void lockOperationCommitsALockRecordAndKeepsTheValue() {
    rpc.write(put("lockrec/k", "v"));
    long lockCommit = rpc.write(mutation(Kvrpcpb.Op.Lock, "lockrec/k"));

    Kvrpcpb.MvccInfo info = rpc.mvcc("lockrec/k");

    assertThat(info.getWrites(0).getType()).isEqualTo(Kvrpcpb.Op.Lock);
    assertThat(info.getWrites(0).getCommitTs()).isEqualTo(lockCommit);
    assertThat(rpc.get("lockrec/k", rpc.ts()).getValue()).isEqualTo(bs("v"));
  }

  @Test
  void asyncCommitRequestsAreAnsweredAsPlainTwoPhaseCommit() {
    long startTs = rpc.ts();
    Kvrpcpb.PrewriteResponse resp =
        rpc.kv().kvPrewrite(
            Kvrpcpb.PrewriteRequest.newBuilder()
                .setContext(rpc.ctx("async/k"))
                .setStartVersion(startTs)
                .setPrimaryLock(bs("async/k"))
                .setLockTtl(LONG_TTL)
                .setUseAsyncCommit(true)
                .addSecondaries(bs("async/k2"))
                .addMutations(put("async/k", "v"))
                .build());

    assertThat(resp.getErrorsCount()).isZero();
    assertThat(resp.getMinCommitTs()).isZero();
    assertThat(resp.getOnePcCommitTs()).isZero();
    assertThat(rpc.mvcc("async/k").getLock().getStartTs()).isEqualTo(startTs);
  }

  @Test
  void strictExistenceAssertionFailsOnAnAbsentKey() {
    Kvrpcpb.PrewriteResponse resp =
        rpc.kv().kvPrewrite(
            Kvrpcpb.PrewriteRequest.newBuilder()
                .setContext(rpc.ctx("assert/k"))
                .setStartVersion(rpc.ts())
                .setPrimaryLock(bs("assert/k"))
                .setLockTtl(LONG_TTL)
                .setAssertionLevel(Kvrpcpb.AssertionLevel.Strict)
                .addMutations(put("assert/k", "v").toBuilder().setAssertion(Kvrpcpb.Assertion.Exist))
                .build());

    assertThat(resp.getErrors(0).getAssertionFailed().getKey()).isEqualTo(bs("assert/k"));
  }

  // -- commit -------------------------------------------------------------------------------

  @Test
  void commitIsIdempotentAndCommitWithoutLockOrRecordIsTxnLockNotFound() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "commit/k", LONG_TTL, put("commit/k", "v"));
    long commitTs = rpc.ts();

    assertThat(rpc.commit(startTs, commitTs, "commit/k").hasError()).isFalse();
    assertThat(rpc.commit(startTs, commitTs, "commit/k").hasError()).isFalse();

    long neverPrewritten = rpc.ts();
    Kvrpcpb.CommitResponse lost = rpc.commit(neverPrewritten, rpc.ts(), "commit/k");
    assertThat(lost.getError().getRetryable()).contains("TxnLockNotFound");
  }

  @Test
  void commitTsNotAboveStartTsIsRejected() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "badts/k", LONG_TTL, put("badts/k", "v"));

    assertThat(rpc.commit(startTs, startTs, "badts/k").getError().getAbort()).contains("InvalidTxnTso");
  }

  @Test
  void commitIsAllOrNothingAcrossItsKeys() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "caon/a", LONG_TTL, put("caon/a", "1"));

    Kvrpcpb.CommitResponse resp = rpc.commit(startTs, rpc.ts(), "caon/a", "caon/never-locked");

    assertThat(resp.getError().getRetryable()).contains("TxnLockNotFound");
    assertThat(rpc.mvcc("caon/a").hasLock()).isTrue();
  }

  // -- check_txn_status, min_commit_ts, CommitTsExpired --------------------------------------

  @Test
  void checkTxnStatusPushesMinCommitTsPastTheReader() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "push/k", LONG_TTL, put("push/k", "v"));
    long reader = rpc.ts();

    Kvrpcpb.CheckTxnStatusResponse resp = rpc.checkTxnStatus("push/k", startTs, reader, reader, false);

    assertThat(resp.getAction()).isEqualTo(Kvrpcpb.Action.MinCommitTSPushed);
    assertThat(resp.getLockTtl()).isEqualTo(LONG_TTL);
    assertThat(resp.getLockInfo().getMinCommitTs()).isEqualTo(reader + 1);

    long laterCurrent = rpc.ts() + 100;
    Kvrpcpb.CheckTxnStatusResponse again = rpc.checkTxnStatus("push/k", startTs, reader + 5, laterCurrent, false);
    assertThat(again.getLockInfo().getMinCommitTs()).isEqualTo(laterCurrent);
  }

  @Test
  void commitBelowAPushedMinCommitTsFailsWithCommitTsExpired() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "expired/k", LONG_TTL, put("expired/k", "v"));
    long staleCommit = rpc.ts();
    long reader = rpc.ts();
    rpc.checkTxnStatus("expired/k", startTs, reader, reader, false);

    Kvrpcpb.CommitResponse stale = rpc.commit(startTs, staleCommit, "expired/k");

    Kvrpcpb.CommitTsExpired expired = stale.getError().getCommitTsExpired();
    assertThat(expired.getStartTs()).isEqualTo(startTs);
    assertThat(expired.getAttemptedCommitTs()).isEqualTo(staleCommit);
    assertThat(expired.getMinCommitTs()).isEqualTo(reader + 1);
    assertThat(expired.getKey()).isEqualTo(bs("expired/k"));
    assertThat(rpc.commit(startTs, rpc.ts(), "expired/k").hasError()).isFalse();
  }

  @Test
  void expiredLockIsRolledBackAndTheRollbackRecordStopsALatePrewrite() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "ttl/k", 1_000, put("ttl/k", "v"));

    Kvrpcpb.CheckTxnStatusResponse resp = rpc.checkTxnStatus("ttl/k", startTs, rpc.ts(), beyondTtl(startTs, 1_000), false);

    assertThat(resp.getAction()).isEqualTo(Kvrpcpb.Action.TTLExpireRollback);
    assertThat(resp.getLockTtl()).isZero();
    assertThat(resp.getCommitVersion()).isZero();
    Kvrpcpb.MvccInfo info = rpc.mvcc("ttl/k");
    assertThat(info.hasLock()).isFalse();
    assertThat(info.getWrites(0).getType()).isEqualTo(Kvrpcpb.Op.Rollback);
    assertThat(info.getWrites(0).getStartTs()).isEqualTo(startTs);

    Kvrpcpb.PrewriteResponse late = rpc.prewrite(startTs, "ttl/k", 1_000, put("ttl/k", "v"));
    assertThat(late.getErrors(0).hasConflict()).isTrue();
    assertThat(late.getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(startTs);
  }

  @Test
  void liveLockIsNotRolledBackBeforeItsTtl() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "alive/k", 60_000, put("alive/k", "v"));

    Kvrpcpb.CheckTxnStatusResponse resp = rpc.checkTxnStatus("alive/k", startTs, 0, rpc.ts(), true);

    assertThat(resp.getLockTtl()).isEqualTo(60_000);
    assertThat(resp.getAction()).isEqualTo(Kvrpcpb.Action.NoAction);
    assertThat(rpc.mvcc("alive/k").hasLock()).isTrue();
  }

  @Test
  void missingPrimaryLockIsTxnNotFoundUnlessRollbackIsAskedFor() {
    long lost = rpc.ts();

    Kvrpcpb.CheckTxnStatusResponse notFound = rpc.checkTxnStatus("nolock/k", lost, rpc.ts(), rpc.ts(), false);
    assertThat(notFound.getError().getTxnNotFound().getStartTs()).isEqualTo(lost);
    assertThat(notFound.getError().getTxnNotFound().getPrimaryKey()).isEqualTo(bs("nolock/k"));

    Kvrpcpb.CheckTxnStatusResponse rolledBack = rpc.checkTxnStatus("nolock/k", lost, rpc.ts(), rpc.ts(), true);
    assertThat(rolledBack.getAction()).isEqualTo(Kvrpcpb.Action.LockNotExistRollback);
    assertThat(rpc.prewrite(lost, "nolock/k", LONG_TTL, put("nolock/k", "late")).getErrors(0).hasConflict()).isTrue();
  }

  @Test
  void checkTxnStatusReportsTheCommitVersionOfACommittedTransaction() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "committed/k", LONG_TTL, put("committed/k", "v"));
    long commitTs = rpc.ts();
    rpc.commit(startTs, commitTs, "committed/k");

    Kvrpcpb.CheckTxnStatusResponse resp = rpc.checkTxnStatus("committed/k", startTs, rpc.ts(), rpc.ts(), true);

    assertThat(resp.getCommitVersion()).isEqualTo(commitTs);
    assertThat(resp.getLockTtl()).isZero();
  }

  // -- rollback and cleanup -------------------------------------------------------------------

  @Test
  void batchRollbackLeavesARollbackRecordSoTheCommitFails() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "rb/a", LONG_TTL, put("rb/a", "1"), put("rb/b", "2"));

    assertThat(rpc.rollback(startTs, "rb/a", "rb/b").hasError()).isFalse();

    assertThat(rpc.mvcc("rb/a").hasLock()).isFalse();
    assertThat(rpc.mvcc("rb/b").getWrites(0).getType()).isEqualTo(Kvrpcpb.Op.Rollback);
    assertThat(rpc.commit(startTs, rpc.ts(), "rb/a").getError().getRetryable()).contains("TxnLockNotFound");
    assertThat(rpc.get("rb/a", rpc.ts()).getNotFound()).isTrue();
  }

  @Test
  void rollbackOfACommittedTransactionIsAnError() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "rbc/k", LONG_TTL, put("rbc/k", "v"));
    rpc.commit(startTs, rpc.ts(), "rbc/k");

    Kvrpcpb.BatchRollbackResponse resp = rpc.rollback(startTs, "rbc/k");

    assertThat(resp.getError().getAbort()).contains("Committed");
    assertThat(rpc.get("rbc/k", rpc.ts()).getValue()).isEqualTo(bs("v"));
  }

  @Test
  void cleanupRespectsTheTtlAndReportsACommit() {
    long live = rpc.ts();
    rpc.prewrite(live, "cleanup/live", 60_000, put("cleanup/live", "v"));
    Kvrpcpb.CleanupResponse locked =
        rpc.kv().kvCleanup(Kvrpcpb.CleanupRequest.newBuilder().setContext(rpc.ctx("cleanup/live")).setKey(bs("cleanup/live"))
            .setStartVersion(live).setCurrentTs(rpc.ts()).build());
    assertThat(locked.getError().getLocked().getLockVersion()).isEqualTo(live);

    Kvrpcpb.CleanupResponse expired =
        rpc.kv().kvCleanup(Kvrpcpb.CleanupRequest.newBuilder().setContext(rpc.ctx("cleanup/live")).setKey(bs("cleanup/live"))
            .setStartVersion(live).setCurrentTs(beyondTtl(live, 60_000)).build());
    assertThat(expired.hasError()).isFalse();
    assertThat(rpc.mvcc("cleanup/live").hasLock()).isFalse();

    long done = rpc.ts();
    rpc.prewrite(done, "cleanup/done", LONG_TTL, put("cleanup/done", "v"));
    long commitTs = rpc.ts();
    rpc.commit(done, commitTs, "cleanup/done");
    Kvrpcpb.CleanupResponse committed =
        rpc.kv().kvCleanup(Kvrpcpb.CleanupRequest.newBuilder().setContext(rpc.ctx("cleanup/done")).setKey(bs("cleanup/done"))
            .setStartVersion(done).build());
    assertThat(committed.getCommitVersion()).isEqualTo(commitTs);
  }

  // -- reads and locks ------------------------------------------------------------------------

  @Test
  void readBlockedByALockPassesWhenTheLockIsInResolvedLocks() {
    rpc.write(put("resolved/k", "old"));
    long writer = rpc.ts();
    rpc.prewrite(writer, "resolved/p", LONG_TTL, put("resolved/k", "new"));
    long reader = rpc.ts();

    Kvrpcpb.GetResponse blocked = rpc.get("resolved/k", reader);
    assertThat(blocked.getError().getLocked().getLockVersion()).isEqualTo(writer);
    assertThat(blocked.getError().getLocked().getPrimaryLock()).isEqualTo(bs("resolved/p"));
    assertThat(blocked.getError().getLocked().getLockTtl()).isEqualTo(LONG_TTL);
    assertThat(blocked.getError().getLocked().getLockType()).isEqualTo(Kvrpcpb.Op.Put);

    Kvrpcpb.GetResponse passed =
        rpc.kv().kvGet(Kvrpcpb.GetRequest.newBuilder()
            .setContext(rpc.ctx("resolved/k").toBuilder().addResolvedLocks(writer))
            .setKey(bs("resolved/k")).setVersion(reader).build());
    assertThat(passed.hasError()).isFalse();
    assertThat(passed.getValue()).isEqualTo(bs("old"));
  }

  @Test
  void locksDoNotBlockOlderReadsReadCommittedOrLockAndPessimisticTypes() {
    rpc.write(put("noblock/put", "old"), put("noblock/lock", "v"), put("noblock/pess", "v"));
    long beforeLock = rpc.ts();
    long writer = rpc.ts();
    rpc.prewrite(writer, "noblock/put", LONG_TTL, put("noblock/put", "new"), mutation(Kvrpcpb.Op.Lock, "noblock/lock"));
    pessimisticLock(rpc.ts(), "noblock/pess", rpc.ts());
    long reader = rpc.ts();

    assertThat(rpc.get("noblock/put", beforeLock).getValue()).isEqualTo(bs("old"));
    assertThat(rpc.get("noblock/lock", reader).getValue()).isEqualTo(bs("v"));
    assertThat(rpc.get("noblock/pess", reader).getValue()).isEqualTo(bs("v"));
    Kvrpcpb.GetResponse rc =
        rpc.kv().kvGet(Kvrpcpb.GetRequest.newBuilder()
            .setContext(rpc.ctx("noblock/put").toBuilder().setIsolationLevel(Kvrpcpb.IsolationLevel.RC))
            .setKey(bs("noblock/put")).setVersion(reader).build());
    assertThat(rc.getValue()).isEqualTo(bs("old"));
  }

  @Test
  void batchGetOmitsMissingKeysAndReportsLockedOnesAsErrorPairs() {
    rpc.write(put("bg/a", "1"), put("bg/b", "2"));
    rpc.prewrite(rpc.ts(), "bg/b", LONG_TTL, put("bg/b", "3"));

    Kvrpcpb.BatchGetResponse resp =
        rpc.kv().kvBatchGet(Kvrpcpb.BatchGetRequest.newBuilder().setContext(rpc.ctx("bg/a"))
            .addKeys(bs("bg/a")).addKeys(bs("bg/b")).addKeys(bs("bg/missing")).setVersion(rpc.ts()).build());

    assertThat(resp.getPairsList()).hasSize(2);
    assertThat(resp.getPairs(0).getKey()).isEqualTo(bs("bg/a"));
    assertThat(resp.getPairs(1).getError().getLocked().getKey()).isEqualTo(bs("bg/b"));
  }

  @Test
  void scanReturnsExactlyLimitRowsCountingLockedKeysAndReverses() {
    rpc.write(put("sc/1", "a"), put("sc/2", "b"), put("sc/3", "c"), put("sc/4", "d"), put("sc/5", "e"));
    rpc.prewrite(rpc.ts(), "sc/2", LONG_TTL, put("sc/2", "locked"));
    long ts = rpc.ts();

    Kvrpcpb.ScanResponse forward =
        rpc.kv().kvScan(Kvrpcpb.ScanRequest.newBuilder().setContext(rpc.ctx("sc/1")).setStartKey(bs("sc/1"))
            .setEndKey(bs("sc0")).setLimit(3).setVersion(ts).build());
    assertThat(forward.getPairsList()).hasSize(3);
    assertThat(forward.getPairs(0).getKey()).isEqualTo(bs("sc/1"));
    assertThat(forward.getPairs(1).getError().getLocked().getKey()).isEqualTo(bs("sc/2"));
    assertThat(forward.getPairs(2).getKey()).isEqualTo(bs("sc/3"));

    Kvrpcpb.ScanResponse backward =
        rpc.kv().kvScan(Kvrpcpb.ScanRequest.newBuilder().setContext(rpc.ctx("sc/1")).setStartKey(bs("sc/6"))
            .setEndKey(bs("sc/3")).setLimit(10).setReverse(true).setKeyOnly(true).setVersion(ts).build());
    assertThat(backward.getPairsList()).extracting(p -> p.getKey().toStringUtf8()).containsExactly("sc/5", "sc/4", "sc/3");
    assertThat(backward.getPairsList()).allSatisfy(p -> assertThat(p.getValue().isEmpty()).isTrue());
  }

  @Test
  void scanLockListsLocksUpToMaxVersion() {
    long first = rpc.ts();
    rpc.prewrite(first, "sl/a", LONG_TTL, put("sl/a", "1"));
    long second = rpc.ts();
    rpc.prewrite(second, "sl/b", LONG_TTL, put("sl/b", "2"));

    Kvrpcpb.ScanLockResponse resp =
        rpc.kv().kvScanLock(Kvrpcpb.ScanLockRequest.newBuilder().setContext(rpc.ctx("sl/a")).setStartKey(bs("sl/"))
            .setEndKey(bs("sl0")).setMaxVersion(first).build());

    assertThat(resp.getLocksList()).extracting(l -> l.getKey().toStringUtf8()).containsExactly("sl/a");
  }

  // -- resolve lock, heartbeat ---------------------------------------------------------------

  @Test
  void resolveLockWithoutKeysResolvesEveryLockOfTheGivenTransactions() {
    long committed = rpc.ts();
    rpc.prewrite(committed, "rl/a1", LONG_TTL, put("rl/a1", "a1"), put("rl/a2", "a2"));
    long rolledBack = rpc.ts();
    rpc.prewrite(rolledBack, "rl/b1", LONG_TTL, put("rl/b1", "b1"));
    long untouched = rpc.ts();
    rpc.prewrite(untouched, "rl/c1", LONG_TTL, put("rl/c1", "c1"));
    long commitTs = rpc.ts();

    Kvrpcpb.ResolveLockResponse resp =
        rpc.kv().kvResolveLock(Kvrpcpb.ResolveLockRequest.newBuilder().setContext(rpc.ctx("rl/a1"))
            .addTxnInfos(Kvrpcpb.TxnInfo.newBuilder().setTxn(committed).setStatus(commitTs))
            .addTxnInfos(Kvrpcpb.TxnInfo.newBuilder().setTxn(rolledBack).setStatus(0))
            .build());

    assertThat(resp.hasError()).isFalse();
    assertThat(rpc.get("rl/a2", rpc.ts()).getValue()).isEqualTo(bs("a2"));
    assertThat(rpc.mvcc("rl/a1").getWrites(0).getCommitTs()).isEqualTo(commitTs);
    assertThat(rpc.mvcc("rl/b1").getWrites(0).getType()).isEqualTo(Kvrpcpb.Op.Rollback);
    assertThat(rpc.mvcc("rl/c1").getLock().getStartTs()).isEqualTo(untouched);
  }

  @Test
  void resolveLockWithKeysTouchesOnlyThoseKeys() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "rlk/a", LONG_TTL, put("rlk/a", "1"), put("rlk/b", "2"));
    long commitTs = rpc.ts();

    rpc.kv().kvResolveLock(Kvrpcpb.ResolveLockRequest.newBuilder().setContext(rpc.ctx("rlk/a"))
        .setStartVersion(startTs).setCommitVersion(commitTs).addKeys(bs("rlk/a")).build());

    assertThat(rpc.mvcc("rlk/a").hasLock()).isFalse();
    assertThat(rpc.mvcc("rlk/b").hasLock()).isTrue();
  }

  @Test
  void heartBeatExtendsTheTtlButNeverShortensIt() {
    long startTs = rpc.ts();
    rpc.prewrite(startTs, "hb/k", 5_000, put("hb/k", "v"));

    assertThat(heartBeat(startTs, "hb/k", 20_000).getLockTtl()).isEqualTo(20_000);
    assertThat(heartBeat(startTs, "hb/k", 10_000).getLockTtl()).isEqualTo(20_000);
    assertThat(heartBeat(rpc.ts(), "hb/k", 10_000).getError().hasTxnNotFound()).isTrue();
  }

  private Kvrpcpb.TxnHeartBeatResponse heartBeat(long startTs, String primary, long ttl) {
    return rpc.kv().kvTxnHeartBeat(Kvrpcpb.TxnHeartBeatRequest.newBuilder().setContext(rpc.ctx(primary))
        .setPrimaryLock(bs(primary)).setStartVersion(startTs).setAdviseLockTtl(ttl).build());
  }

  // -- pessimistic ---------------------------------------------------------------------------

  private Kvrpcpb.PessimisticLockResponse pessimisticLock(long startTs, String key, long forUpdateTs) {
    return rpc.kv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder().setContext(rpc.ctx(key))
        .setStartVersion(startTs).setForUpdateTs(forUpdateTs).setPrimaryLock(bs(key)).setLockTtl(LONG_TTL)
        .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, key)).setWaitTimeout(-1).build());
  }

  @Test
  void pessimisticLockThenPessimisticPrewriteThenCommit() {
    rpc.write(put("pess/k", "old"));
    long startTs = rpc.ts();
    long forUpdateTs = rpc.ts();

    assertThat(pessimisticLock(startTs, "pess/k", forUpdateTs).getErrorsCount()).isZero();
    assertThat(rpc.mvcc("pess/k").getLock().getType()).isEqualTo(Kvrpcpb.Op.PessimisticLock);
    assertThat(rpc.mvcc("pess/k").getLock().getForUpdateTs()).isEqualTo(forUpdateTs);

    Kvrpcpb.PrewriteResponse pw =
        rpc.kv().kvPrewrite(Kvrpcpb.PrewriteRequest.newBuilder().setContext(rpc.ctx("pess/k"))
            .setStartVersion(startTs).setForUpdateTs(forUpdateTs).setPrimaryLock(bs("pess/k")).setLockTtl(LONG_TTL)
            .addMutations(put("pess/k", "new")).addIsPessimisticLock(true).build());
    assertThat(pw.getErrorsCount()).isZero();
    assertThat(rpc.mvcc("pess/k").getLock().getType()).isEqualTo(Kvrpcpb.Op.Put);

    assertThat(rpc.commit(startTs, rpc.ts(), "pess/k").hasError()).isFalse();
    assertThat(rpc.get("pess/k", rpc.ts()).getValue()).isEqualTo(bs("new"));
  }

  @Test
  void pessimisticLockConflictsWithACommitNewerThanItsForUpdateTs() {
    long startTs = rpc.ts();
    long newer = rpc.write(put("pessc/k", "newer"));

    Kvrpcpb.PessimisticLockResponse resp = pessimisticLock(startTs, "pessc/k", startTs);

    assertThat(resp.getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(newer);
    assertThat(resp.getErrors(0).getRetryable()).contains("WriteConflict");
    assertThat(pessimisticLock(startTs, "pessc/k", rpc.ts()).getErrorsCount()).isZero();
  }

  @Test
  void pessimisticLockFailsFastOnAnotherTransactionsLock() {
    long holder = rpc.ts();
    rpc.prewrite(holder, "pessl/k", LONG_TTL, put("pessl/k", "v"));

    Kvrpcpb.PessimisticLockResponse resp =
        rpc.kv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder().setContext(rpc.ctx("pessl/k"))
            .setStartVersion(rpc.ts()).setForUpdateTs(rpc.ts()).setPrimaryLock(bs("pessl/k")).setLockTtl(LONG_TTL)
            .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, "pessl/k")).setWaitTimeout(1_000).build());

    assertThat(resp.getErrors(0).getLocked().getLockVersion()).isEqualTo(holder);
  }

  @Test
  void pessimisticLockReturnsValuesAndChecksExistence() {
    rpc.write(put("pessv/a", "1"));
    long startTs = rpc.ts();

    Kvrpcpb.PessimisticLockResponse resp =
        rpc.kv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder().setContext(rpc.ctx("pessv/a"))
            .setStartVersion(startTs).setForUpdateTs(rpc.ts()).setPrimaryLock(bs("pessv/a")).setLockTtl(LONG_TTL)
            .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, "pessv/a"))
            .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, "pessv/b"))
            .setReturnValues(true).build());

    assertThat(resp.getValuesList()).containsExactly(bs("1"), bs(""));
    assertThat(resp.getNotFoundsList()).containsExactly(false, true);

    Kvrpcpb.PessimisticLockResponse insert =
        rpc.kv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder().setContext(rpc.ctx("pessv/a"))
            .setStartVersion(rpc.ts()).setForUpdateTs(rpc.ts()).setPrimaryLock(bs("pessv/c")).setLockTtl(LONG_TTL)
            .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, "pessv/c").toBuilder().setAssertion(Kvrpcpb.Assertion.NotExist))
            .build());
    assertThat(insert.getErrorsCount()).isZero();
  }

  @Test
  void pessimisticLockOfAnExistingKeyThatShouldNotExistIsAlreadyExist() {
    rpc.write(put("pessi/k", "v"));

    Kvrpcpb.PessimisticLockResponse resp =
        rpc.kv().kvPessimisticLock(Kvrpcpb.PessimisticLockRequest.newBuilder().setContext(rpc.ctx("pessi/k"))
            .setStartVersion(rpc.ts()).setForUpdateTs(rpc.ts()).setPrimaryLock(bs("pessi/k")).setLockTtl(LONG_TTL)
            .addMutations(mutation(Kvrpcpb.Op.PessimisticLock, "pessi/k").toBuilder().setAssertion(Kvrpcpb.Assertion.NotExist))
            .build());

    assertThat(resp.getErrors(0).hasAlreadyExist()).isTrue();
    assertThat(rpc.mvcc("pessi/k").hasLock()).isFalse();
  }

  @Test
  void pessimisticRollbackRemovesOnlyThePessimisticLocksOfThatTransaction() {
    long startTs = rpc.ts();
    long forUpdateTs = rpc.ts();
    pessimisticLock(startTs, "pessr/a", forUpdateTs);
    rpc.prewrite(startTs, "pessr/b", LONG_TTL, put("pessr/b", "v"));

    rpc.kv().kVPessimisticRollback(Kvrpcpb.PessimisticRollbackRequest.newBuilder().setContext(rpc.ctx("pessr/a"))
        .setStartVersion(startTs).setForUpdateTs(forUpdateTs).addKeys(bs("pessr/a")).addKeys(bs("pessr/b")).build());

    assertThat(rpc.mvcc("pessr/a").hasLock()).isFalse();
    assertThat(rpc.mvcc("pessr/a").getWritesCount()).isZero();
    assertThat(rpc.mvcc("pessr/b").hasLock()).isTrue();
  }

  @Test
  void pessimisticPrewriteWithoutItsLockFailsWhenTheKeyChangedMeanwhile() {
    long startTs = rpc.ts();
    rpc.write(put("pessn/k", "changed"));

    Kvrpcpb.PrewriteResponse pw =
        rpc.kv().kvPrewrite(Kvrpcpb.PrewriteRequest.newBuilder().setContext(rpc.ctx("pessn/k"))
            .setStartVersion(startTs).setForUpdateTs(rpc.ts()).setPrimaryLock(bs("pessn/k")).setLockTtl(LONG_TTL)
            .addMutations(put("pessn/k", "mine")).addIsPessimisticLock(true).build());

    assertThat(pw.getErrors(0).getAbort()).contains("PessimisticLockNotFound");
  }

  @Test
  void optimisticPrewriteOverTheTransactionsOwnPessimisticLockIsRejected() {
    long startTs = rpc.ts();
    pessimisticLock(startTs, "pesso/k", rpc.ts());

    Kvrpcpb.PrewriteResponse pw = rpc.prewrite(startTs, "pesso/k", LONG_TTL, put("pesso/k", "v"));

    assertThat(pw.getErrors(0).getAbort()).contains("LockTypeNotMatch");
  }

  // -- unimplemented --------------------------------------------------------------------------

  @Test
  void unimplementedRpcAnswersUnimplementedAtOnce() {
    assertThatThrownBy(() -> rpc.kv().kvGC(Kvrpcpb.GCRequest.newBuilder().setContext(rpc.ctx("gc")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    assertThat(List.of(rpc.get("gc", rpc.ts()).getNotFound())).containsExactly(true);
  }
}
