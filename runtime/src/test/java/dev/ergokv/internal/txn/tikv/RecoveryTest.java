package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.awaitTrue;
import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;

/**
 * Failures the engine recovers from: a writer that crashed between prewrite and commit, a commit
 * that outlives its lock TTL, a reader pushing the commit ts, live locks met by readers, a split in
 * the middle of a transaction, and TiKV declining 1PC. Each test has a cluster of its own (some
 * move its clock). Region errors: {@link RegionErrorTest}.
 */
class RecoveryTest {

  @Test
  void aCrashedWritersLocksAreSteppedAroundThenResolvedAfterTheirTtl() {
    try (EngineFixture fixture = EngineFixture.start()) {
      // A 2PC writer with a long TTL and short patience, so it gives up quickly once the server is gone.
      TikvEngine writer =
          fixture.engine(Duration.ofMillis(200), Duration.ofSeconds(20), new TikvEngine.Tuning(false, true, true));
      fixture.embedded.crashAfterNextPrewrite();
      KvTransaction crashed = writer.begin();
      crashed.put(b("crash/a"), b("lost"));
      crashed.put(b("crash/b"), b("lost"));
      assertThatThrownBy(crashed::commit).isInstanceOf(ClusterUnavailableException.class);
      fixture.embedded.restart();
      assertThat(fixture.lockedKeys()).containsExactly("crash/a", "crash/b");

      TikvEngine survivor = fixture.engine();
      // The lock is alive (20 s TTL): the reader pushes its commit ts and reads past it.
      assertThat(read(survivor, "crash/a")).isNull();
      assertThat(fixture.lockedKeys()).containsExactly("crash/a", "crash/b");

      fixture.embedded.advanceClock(Duration.ofSeconds(30));
      assertThat(read(survivor, "crash/a")).isNull(); // expired now: rolled back
      assertThat(fixture.lockedKeys()).containsExactly("crash/b");
      write(fixture.engine(), "crash/b", "new"); // a writer (knowing nothing yet) resolves the rest
      assertThat(fixture.lockedKeys()).isEmpty();
      assertThat(read(survivor, "crash/b")).isEqualTo("new");
    }
  }

  @ParameterizedTest(name = "heartbeats {0}")
  @ValueSource(booleans = {true, false})
  void heartbeatsKeepALongCommitsLocksAlivePastTheirTtl(boolean heartbeats) {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine slow =
          fixture.engine(EngineFixture.REQUEST_TIMEOUT, Duration.ofSeconds(1), new TikvEngine.Tuning(true, true, heartbeats));
      TikvEngine other = fixture.engine();
      write(other, "a-hb/k", "old");
      slow.context()
          .observer(
              (startTs, commitTs) -> {
                long before = slow.context().heartbeatsSent();
                fixture.embedded.advanceClock(Duration.ofSeconds(5)); // five TTLs later
                if (heartbeats) {
                  // One that surely ran after the clock moved.
                  awaitTrue("two heartbeats", () -> slow.context().heartbeatsSent() >= before + 2);
                }
                // Alive: pushed and read past. Expired: rolled back.
                assertThat(read(other, "a-hb/k")).isEqualTo("old");
              });
      KvTransaction tx = slow.begin();
      tx.put(b("a-hb/k"), b("new"));
      tx.put(b("z-hb/k"), b("new"));
      if (heartbeats) {
        tx.commit();
        assertThat(read(other, "a-hb/k")).isEqualTo("new");
      } else {
        assertThatThrownBy(tx::commit).isInstanceOf(WriteConflictException.class).hasMessageContaining("rolled back");
        assertThat(read(other, "a-hb/k")).isEqualTo("old");
        assertThat(read(other, "z-hb/k")).isNull();
      }
      fixture.awaitNoLocks();
    }
  }

  @Test
  void aCommitTsPushedByAReaderIsRetriedWithAFreshOne() {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine writer = fixture.engine();
      TikvEngine readers = fixture.engine();
      write(writer, "a-cte/k", "old");
      long[] seen = new long[2];
      writer.context()
          .observer(
              (startTs, commitTs) -> {
                seen[0] = commitTs;
                try (KvTransaction reader = readers.beginReadOnly()) {
                  seen[1] = reader.startTs(); // above commitTs: it pushes the primary's min_commit_ts
                  assertThat(reader.get(b("a-cte/k")).map(EngineFixture::s)).contains("old");
                }
              });
      TikvTransaction tx = (TikvTransaction) writer.begin();
      tx.put(b("a-cte/k"), b("new"));
      tx.put(b("z-cte/k"), b("new"));
      tx.commit();

      assertThat(seen[1]).isGreaterThan(seen[0]);
      assertThat(tx.commitTs()).isGreaterThan(seen[1]);
      assertThat(read(readers, "a-cte/k")).isEqualTo("new");
      fixture.awaitNoLocks();
    }
  }

  @Test
  void readersStepAroundALiveLockInGetBatchGetAndScan() {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine writer = fixture.engine();
      TikvEngine readers = fixture.engine();
      write(writer, "a-around/k", "old");
      write(writer, "z-around/k", "old");
      writer.context()
          .observer(
              (startTs, commitTs) -> {
                assertThat(fixture.lockedKeys()).containsExactly("a-around/k", "z-around/k");
                try (KvTransaction reader = readers.beginReadOnly()) {
                  assertThat(reader.get(b("z-around/k")).map(EngineFixture::s)).contains("old");
                  assertThat(reader.batchGet(List.of(b("a-around/k"), b("z-around/k"))).values())
                      .extracting(EngineFixture::s)
                      .containsExactly("old", "old");
                  List<String> values = new ArrayList<>();
                  try (KvScan scan = reader.scan(b("a"), new byte[0], 10, 10)) {
                    scan.forEachRemaining(e -> values.add(s(e.getValue())));
                  }
                  assertThat(values).containsExactly("old", "old");
                }
              });
      try (KvTransaction tx = writer.begin()) {
        tx.put(b("a-around/k"), b("new"));
        tx.put(b("z-around/k"), b("new"));
        tx.commit();
      }
      assertThat(read(readers, "a-around/k")).isEqualTo("new");
      assertThat(read(readers, "z-around/k")).isEqualTo("new");
      fixture.awaitNoLocks();
    }
  }

  @Test
  void aReaderWaitsOutALockItCannotPushThenRollsItBack() {
    try (EngineFixture fixture = EngineFixture.start()) {
      TikvEngine engine = fixture.engine();
      write(engine, "wait/k", "old");
      // A lock as an old client writes it: min_commit_ts 0 (cannot be pushed), TTL 300 ms.
      RegionRpc rpc = engine.context().rpc();
      Deadline deadline = engine.context().operationDeadline();
      RegionRpc.Route route = rpc.route(b("wait/k"), deadline);
      long lockTs = rpc.timestamp();
      assertThat(
              rpc.call(
                      route,
                      TikvGrpc.getKvPrewriteMethod(),
                      Kvrpcpb.PrewriteRequest.newBuilder()
                          .setContext(route.context())
                          .setStartVersion(lockTs)
                          .setPrimaryLock(Keys.wrap(b("wait/k")))
                          .setLockTtl(300)
                          .addMutations(
                              Kvrpcpb.Mutation.newBuilder()
                                  .setOp(Kvrpcpb.Op.Put)
                                  .setKey(Keys.wrap(b("wait/k")))
                                  .setValue(Keys.wrap(b("never"))))
                          .build(),
                      deadline)
                  .getErrorsCount())
          .isZero();

      long start = System.nanoTime();
      assertThat(read(engine, "wait/k")).isEqualTo("old");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
      assertThat(fixture.lockedKeys()).isEmpty();
    }
  }

  @Test
  void aSplitInTheMiddleOfATransactionIsFollowed() {
    try (EngineFixture fixture = EngineFixture.start()) {
      TikvEngine engine = fixture.engine();
      write(engine, "split/a", "a");
      write(engine, "split/z", "z");
      try (KvTransaction tx = engine.begin()) {
        assertThat(tx.get(b("split/a"))).isPresent(); // the engine now caches the one region
        tx.put(b("split/b"), b("b"));
        tx.put(b("split/y"), b("y"));

        fixture.embedded.split(b("split/m"));

        Map<byte[], byte[]> got = tx.batchGet(List.of(b("split/a"), b("split/z")));
        assertThat(got).hasSize(2);
        List<String> keys = new ArrayList<>();
        try (KvScan scan = tx.scan(b("split/"), b("split0"), 2, 100)) {
          scan.forEachRemaining(e -> keys.add(s(e.getKey())));
        }
        assertThat(keys).containsExactly("split/a", "split/b", "split/y", "split/z");
        tx.commit(); // prewritten as one region, answered EpochNotMatch, regrouped into two
      }
      fixture.awaitNoLocks();
      assertThat(read(engine, "split/b")).isEqualTo("b");
      assertThat(read(engine, "split/y")).isEqualTo("y");
      assertThat(fixture.embedded.regions()).hasSize(2);
    }
  }

  @Test
  void aOneRegionTransactionCommitsInOnePhaseAndFallsBackWhenTiKvDeclines() {
    try (EngineFixture fixture = EngineFixture.start()) {
      TikvEngine engine = fixture.engine();
      // 1PC: no KvCommit is ever sent.
      fixture.embedded.failNext("KvCommit", 1, Fault.serverIsBusy());
      write(engine, "1pc/k", "v1");
      assertThat(fixture.embedded.pendingFaults("KvCommit")).isEqualTo(1);

      // A transaction whose commit ts would land too far above its start: TiKV writes locks
      // instead, and the engine commits in two phases.
      KvTransaction late = engine.begin();
      late.put(b("1pc/k"), b("v2"));
      fixture.embedded.advanceClock(Duration.ofMillis(Committer.ONE_PC_WINDOW_MILLIS + 1_000));
      assertThat(read(engine, "1pc/other")).isNull(); // raises TiKV's max_ts past the window
      late.commit();

      assertThat(fixture.embedded.pendingFaults("KvCommit")).isZero();
      assertThat(read(engine, "1pc/k")).isEqualTo("v2");
      assertThat(fixture.lockedKeys()).isEmpty();
    }
  }
}
