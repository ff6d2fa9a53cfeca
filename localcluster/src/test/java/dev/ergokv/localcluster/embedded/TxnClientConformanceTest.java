package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.embedded.TxnDriver.bs;
import static dev.ergokv.localcluster.embedded.TxnDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.Snapshot;
import org.tikv.common.TiSession;
import org.tikv.common.exception.KeyException;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;
import org.tikv.txn.TwoPhaseCommitter;
import org.tikv.txn.exception.WriteConflictException;
import org.tikv.txn.type.ClientRPCResult;

/**
 * The transactional client (TwoPhaseCommitter, TxnKVClient, Snapshot, KVClient) against one
 * embedded cluster with a single region. Each test uses its own keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class TxnClientConformanceTest {

  private LocalCluster cluster;
  private EmbeddedCluster embedded;
  private TiSession session;
  private TxnDriver txn;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
    embedded = cluster.embedded().orElseThrow();
    session = ClientSessions.txn(cluster);
    txn = new TxnDriver(session);
  }

  @AfterAll
  void stop() throws Exception {
    if (session != null) {
      session.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void committedValueIsVisibleToALaterSnapshot() throws Exception {
    txn.put("basic/k", "v1");

    assertThat(txn.get("basic/k")).isEqualTo("v1");
  }

  @Test
  void missingKeyReadsAsEmptyValue() {
    assertThat(txn.get("missing/k")).isEmpty();
  }

  @Test
  void snapshotKeepsReadingTheVersionOfItsTimestamp() throws Exception {
    txn.put("mvcc/k", "old");
    Snapshot before = session.createSnapshot();
    txn.put("mvcc/k", "new");

    assertThat(new String(before.get(bytes("mvcc/k")), StandardCharsets.UTF_8)).isEqualTo("old");
    assertThat(txn.get("mvcc/k")).isEqualTo("new");
  }

  @Test
  void emptyValueIsWrittenAsDeleteAndTheKeyDisappears() throws Exception {
    txn.put("delete/k", "v");
    txn.put("delete/k", "");

    assertThat(txn.get("delete/k")).isEmpty();
    try (KVClient kv = session.createKVClient()) {
      assertThat(kv.scan(bs("delete/"), bs("delete0"), txn.ts())).isEmpty();
    }
  }

  @Test
  void multiKeyTransactionCommitsPrimaryAndSecondariesTogether() throws Exception {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      pairs.put("multi/" + i, "value-" + i);
    }
    long commitTs = txn.commit(pairs);

    Snapshot atCommit = session.createSnapshot(new TiTimestamp(commitTs >> 18, commitTs & ((1 << 18) - 1)));
    Snapshot justBefore = session.createSnapshot(new TiTimestamp((commitTs - 1) >> 18, (commitTs - 1) & ((1 << 18) - 1)));
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      assertThat(new String(atCommit.get(bytes(e.getKey())), StandardCharsets.UTF_8)).isEqualTo(e.getValue());
      assertThat(justBefore.get(bytes(e.getKey()))).isEmpty();
    }
    assertThat(embedded.lockedKeys()).noneMatch(k -> new String(k, StandardCharsets.UTF_8).startsWith("multi/"));
  }

  @Test
  void batchGetReturnsOnlyExistingKeys() throws Exception {
    txn.commit(Map.of("batch/a", "1", "batch/c", "3"));

    List<BytePairWrapper> pairs =
        session.createSnapshot().batchGet(TxnDriver.BACKOFF_MS, List.of(bytes("batch/a"), bytes("batch/b"), bytes("batch/c")));

    assertThat(pairs).extracting(p -> new String(p.getKey(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("batch/a", "batch/c");
  }

  @Test
  void scanReturnsKeysOfTheRangeInOrder() throws Exception {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 9; i >= 0; i--) {
      pairs.put("scan/" + i, "v" + i);
    }
    pairs.put("scan0", "outside");
    txn.commit(pairs);

    try (KVClient kv = session.createKVClient()) {
      List<Kvrpcpb.KvPair> rows = kv.scan(bs("scan/2"), bs("scan/7"), txn.ts());
      assertThat(rows).extracting(p -> p.getKey().toStringUtf8())
          .containsExactly("scan/2", "scan/3", "scan/4", "scan/5", "scan/6");
      assertThat(rows).extracting(p -> p.getValue().toStringUtf8()).containsExactly("v2", "v3", "v4", "v5", "v6");
    }
  }

  @Test
  void prefixScanSeesOnlyThePrefix() throws Exception {
    txn.commit(Map.of("pfx/a", "1", "pfx/b", "2", "pfy/a", "3", "pf", "4"));

    List<String> keys = new ArrayList<>();
    session.createSnapshot().scanPrefix(bs("pfx/")).forEachRemaining(p -> keys.add(p.getKey().toStringUtf8()));

    assertThat(keys).containsExactly("pfx/a", "pfx/b");
  }

  @Test
  void binaryKeysAroundEncodingGroupBoundariesSortByteWise() throws Exception {
    // Lengths 7, 8 and 9 straddle a memcomparable group; 0x00 and 0xFF probe padding and markers.
    byte[][] keys = {
      {'b', 'i', 'n', 0, 0, 0, 0},
      {'b', 'i', 'n', 0, 0, 0, 0, 0},
      {'b', 'i', 'n', 0, 0, 0, 0, 0, 0},
      {'b', 'i', 'n', (byte) 0xFF},
      {'b', 'i', 'n', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
      {'b', 'i', 'n', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
    };
    long startTs = txn.ts();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(TxnDriver.backoff(), keys[0], new byte[] {1});
      List<BytePairWrapper> rest = new ArrayList<>();
      for (int i = 1; i < keys.length; i++) {
        rest.add(new BytePairWrapper(keys[i], new byte[] {(byte) (i + 1)}));
      }
      committer.prewriteSecondaryKeys(keys[0], rest.iterator(), TxnDriver.BACKOFF_MS);
      long commitTs = txn.ts();
      committer.commitPrimaryKey(TxnDriver.backoff(), keys[0], commitTs);
      List<org.tikv.common.ByteWrapper> secondaries = new ArrayList<>();
      for (int i = 1; i < keys.length; i++) {
        secondaries.add(new org.tikv.common.ByteWrapper(keys[i]));
      }
      committer.commitSecondaryKeys(secondaries.iterator(), commitTs, TxnDriver.BACKOFF_MS);
    }

    List<byte[]> expected = new ArrayList<>(Arrays.asList(keys));
    expected.sort(Arrays::compareUnsigned);
    try (KVClient kv = session.createKVClient()) {
      List<Kvrpcpb.KvPair> rows = kv.scan(bs("bin"), bs("bio"), txn.ts());
      assertThat(rows).extracting(p -> p.getKey().toByteArray()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void largeValueRoundTrips() throws Exception {
    byte[] value = new byte[1 << 20];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    long startTs = txn.ts();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(TxnDriver.backoff(), bytes("large/k"), value);
      committer.commitPrimaryKey(TxnDriver.backoff(), bytes("large/k"), txn.ts());
    }

    assertThat(session.createSnapshot().get(bytes("large/k"))).isEqualTo(value);
  }

  @Test
  void writeConflictWhenANewerTransactionCommittedTheKey() throws Exception {
    long olderStart = txn.ts();
    txn.put("conflict/k", "newer");

    ClientRPCResult result = txn.prewrite(olderStart, "conflict/k", 3_000, TxnDriver.put("conflict/k", "older", Kvrpcpb.Op.Put));

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getException()).isInstanceOf(KeyException.class);
    assertThat(result.getException().getMessage()).contains("conflict").contains("WriteConflict");
    assertThat(txn.get("conflict/k")).isEqualTo("newer");
  }

  @Test
  void writeConflictWhenTheKeyIsLockedByANewerTransaction() {
    long olderStart = txn.ts();
    long newerStart = txn.ts();
    assertThat(txn.prewrite(newerStart, "locked-newer/k", 60_000, TxnDriver.put("locked-newer/k", "newer", Kvrpcpb.Op.Put)).isSuccess())
        .isTrue();

    ClientRPCResult result =
        txn.prewrite(olderStart, "locked-newer/k", 60_000, TxnDriver.put("locked-newer/k", "older", Kvrpcpb.Op.Put));

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getException()).isInstanceOf(WriteConflictException.class);
  }

  @Test
  void insertOnAnExistingKeyFailsWithAlreadyExist() throws Exception {
    txn.put("insert/existing", "v");

    ClientRPCResult result =
        txn.prewrite(txn.ts(), "insert/existing", 3_000, TxnDriver.put("insert/existing", "again", Kvrpcpb.Op.Insert));

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getException().getMessage()).contains("already_exist");
    assertThat(embedded.lockedKeys()).noneMatch(k -> Arrays.equals(k, bytes("insert/existing")));
  }

  @Test
  void insertOnAnAbsentOrDeletedKeySucceeds() throws Exception {
    txn.put("insert/deleted", "v");
    txn.put("insert/deleted", "");
    long startTs = txn.ts();

    ClientRPCResult result =
        txn.prewrite(
            startTs, "insert/absent", 3_000,
            TxnDriver.put("insert/absent", "a", Kvrpcpb.Op.Insert),
            TxnDriver.put("insert/deleted", "d", Kvrpcpb.Op.Insert));
    assertThat(result.isSuccess()).as(String.valueOf(result.getException())).isTrue();
    assertThat(txn.commitKeys(startTs, txn.ts(), "insert/absent", "insert/deleted").isSuccess()).isTrue();

    assertThat(txn.get("insert/absent")).isEqualTo("a");
    assertThat(txn.get("insert/deleted")).isEqualTo("d");
  }

  @Test
  void lockOperationKeepsTheValueButConflictsWithANewerWrite() throws Exception {
    txn.put("lockop/k", "v");
    long startTs = txn.ts();
    assertThat(txn.prewrite(startTs, "lockop/k", 3_000, TxnDriver.op(Kvrpcpb.Op.Lock, "lockop/k")).isSuccess()).isTrue();
    assertThat(txn.commitKeys(startTs, txn.ts(), "lockop/k").isSuccess()).isTrue();
    assertThat(txn.get("lockop/k")).isEqualTo("v");

    long readSetTs = txn.ts();
    txn.put("lockop/k", "changed");
    ClientRPCResult stale = txn.prewrite(readSetTs, "lockop/k", 3_000, TxnDriver.op(Kvrpcpb.Op.Lock, "lockop/k"));

    assertThat(stale.isSuccess()).isFalse();
    assertThat(stale.getException().getMessage()).contains("conflict");
  }

  @Test
  void commitIsIdempotentForAnAlreadyCommittedTransaction() {
    long startTs = txn.ts();
    txn.prewrite(startTs, "idem/k", 3_000, TxnDriver.put("idem/k", "v", Kvrpcpb.Op.Put));
    long commitTs = txn.ts();

    assertThat(txn.commitKeys(startTs, commitTs, "idem/k").isSuccess()).isTrue();
    assertThat(txn.commitKeys(startTs, commitTs, "idem/k").isSuccess()).isTrue();
    assertThat(txn.get("idem/k")).isEqualTo("v");
  }

  @Test
  void readerResolvesSecondaryOfACommittedPrimaryForwardWithoutWaiting() throws Exception {
    txn.put("forward/s", "old");
    long startTs = txn.ts();
    assertThat(txn.prewrite(startTs, "forward/p", 3_600_000,
        TxnDriver.put("forward/p", "new-p", Kvrpcpb.Op.Put),
        TxnDriver.put("forward/s", "new-s", Kvrpcpb.Op.Put)).isSuccess()).isTrue();
    assertThat(txn.commitKeys(startTs, txn.ts(), "forward/p").isSuccess()).isTrue();
    assertThat(embedded.lockedKeys()).anyMatch(k -> Arrays.equals(k, bytes("forward/s")));

    long began = System.nanoTime();
    assertThat(txn.get("forward/s")).isEqualTo("new-s");

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertThat(embedded.lockedKeys()).noneMatch(k -> Arrays.equals(k, bytes("forward/s")));
  }

  @Test
  void readerPushesALiveLockAsideAndAStaleCommitTsThenExpires() throws Exception {
    txn.put("push/k", "old");
    long startTs = txn.ts();
    assertThat(txn.prewrite(startTs, "push/k", 3_600_000, TxnDriver.put("push/k", "new", Kvrpcpb.Op.Put)).isSuccess()).isTrue();
    long staleCommitTs = txn.ts();

    // The reader's snapshot is newer than the lock: it pushes the lock's min_commit_ts past itself
    // and reads the old value instead of waiting for an hour-long TTL.
    assertThat(txn.get("push/k")).isEqualTo("old");

    ClientRPCResult stale = txn.commitKeys(startTs, staleCommitTs, "push/k");
    assertThat(stale.isSuccess()).isFalse();
    assertThat(stale.getException()).isInstanceOf(KeyException.class);
    assertThat(((KeyException) stale.getException()).getKeyErr().hasCommitTsExpired()).isTrue();

    assertThat(txn.commitKeys(startTs, txn.ts(), "push/k").isSuccess()).isTrue();
    assertThat(txn.get("push/k")).isEqualTo("new");
  }

  @Test
  void abandonedPrewriteIsRolledBackByAReaderOnceItsTtlExpired() throws Exception {
    txn.put("abandoned/k", "committed");
    long startTs = txn.ts();
    assertThat(txn.prewrite(startTs, "abandoned/k", 3_000, TxnDriver.put("abandoned/k", "never", Kvrpcpb.Op.Put)).isSuccess()).isTrue();

    embedded.advanceClock(Duration.ofSeconds(10));

    assertThat(txn.get("abandoned/k")).isEqualTo("committed");
    assertThat(embedded.lockedKeys()).noneMatch(k -> Arrays.equals(k, bytes("abandoned/k")));
    ClientRPCResult late = txn.commitKeys(startTs, txn.ts(), "abandoned/k");
    assertThat(late.isSuccess()).isFalse();
    assertThat(late.getException()).isInstanceOf(KeyException.class);
    assertThat(((KeyException) late.getException()).getKeyErr().getRetryable()).contains("TxnLockNotFound");
  }

  @Test
  void writerMeetingAnExpiredLockRollsItBackAndProceeds() throws Exception {
    long deadStart = txn.ts();
    assertThat(txn.prewrite(deadStart, "expired-w/k", 1_000, TxnDriver.put("expired-w/k", "dead", Kvrpcpb.Op.Put)).isSuccess()).isTrue();
    embedded.advanceClock(Duration.ofSeconds(5));

    txn.put("expired-w/k", "alive");

    assertThat(txn.get("expired-w/k")).isEqualTo("alive");
  }

  @Test
  void keysOfRawAndTransactionalClientsDoNotMix() throws Exception {
    txn.put("mixed/k", "txn");
    try (TiSession rawSession = ClientSessions.raw(cluster)) {
      rawSession.createRawClient().put(bs("mixed/k"), bs("raw"));
      assertThat(rawSession.createRawClient().get(bs("mixed/k")).map(ByteString::toStringUtf8)).contains("raw");
    }

    assertThat(txn.get("mixed/k")).isEqualTo("txn");
  }
}
