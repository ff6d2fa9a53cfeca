package dev.ergokv.localcluster.embedded;

import static dev.ergokv.localcluster.embedded.TxnDriver.bs;
import static dev.ergokv.localcluster.embedded.TxnDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tikv.common.ByteWrapper;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.TiSession;
import org.tikv.common.region.TiRegion;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.raw.RawKVClient;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;
import org.tikv.txn.TwoPhaseCommitter;

/** Several regions: initial split points, splits at run time, scans across and during splits. */

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")class RegionConformanceTest {

  private static final int SCAN_KEYS = 25_000;

  @Test
  void initialSplitKeysBecomeRegionBoundariesTheClientSees() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys(bytes("m"), bytes("t")).build());
        TiSession session = ClientSessions.txn(cluster)) {
      List<RegionInfo> regions = cluster.embedded().orElseThrow().regions();
      assertThat(regions).hasSize(3);
      assertThat(regions).extracting(r -> new String(r.startKey(), StandardCharsets.UTF_8)).containsExactly("", "m", "t");
      assertThat(regions).extracting(r -> new String(r.endKey(), StandardCharsets.UTF_8)).containsExactly("m", "t", "");

      TiRegion middle = session.getRegionManager().getRegionByKey(bs("p"));
      assertThat(middle.getStartKey().toStringUtf8()).isEqualTo("m");
      assertThat(middle.getEndKey().toStringUtf8()).isEqualTo("t");
      assertThat(middle.getId()).isEqualTo(regions.get(1).id());
    }
  }

  @Test
  void transactionSpanningThreeRegionsCommitsEveryKey() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys(bytes("m"), bytes("t")).build());
        TiSession session = ClientSessions.txn(cluster)) {
      TxnDriver txn = new TxnDriver(session);
      Map<String, String> pairs = new LinkedHashMap<>();
      for (String k : List.of("p", "a", "z", "n", "b", "y")) {
        pairs.put(k, "v-" + k);
      }
      txn.commit(pairs);

      for (Map.Entry<String, String> e : pairs.entrySet()) {
        assertThat(txn.get(e.getKey())).isEqualTo(e.getValue());
      }
      assertThat(cluster.embedded().orElseThrow().lockedKeys()).isEmpty();
    }
  }

  @Test
  void scanOf25000KeysAcrossThreeRegionsReturnsEveryKeyExactlyOnce() throws Exception {
    // Region sizes 12000, 10240 and 2760: a first region longer than the client's page (10240),
    // a region of exactly one page, and a short tail.
    try (LocalCluster cluster =
            LocalCluster.start(
                LocalClusterOptions.builder().splitKeys(bytes(scanKey(12_000)), bytes(scanKey(22_240))).build());
        TiSession session = ClientSessions.txn(cluster)) {
      writeScanKeys(session);

      List<String> seen = new ArrayList<>();
      try (KVClient kv = session.createKVClient()) {
        for (Kvrpcpb.KvPair p : kv.scan(bs("scan/"), bs("scan0"), session.getTimestamp().getVersion())) {
          seen.add(p.getKey().toStringUtf8());
        }
      }

      assertThat(seen).hasSize(SCAN_KEYS).doesNotHaveDuplicates().isSorted();
      assertThat(seen.get(0)).isEqualTo(scanKey(0));
      assertThat(seen.get(SCAN_KEYS - 1)).isEqualTo(scanKey(SCAN_KEYS - 1));
    }
  }

  @Test
  void splitDuringAMultiRegionScanStillYieldsEveryKeyExactlyOnce() throws Exception {
    try (LocalCluster cluster =
            LocalCluster.start(
                LocalClusterOptions.builder().splitKeys(bytes(scanKey(12_000)), bytes(scanKey(22_240))).build());
        TiSession session = ClientSessions.txn(cluster)) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      writeScanKeys(session);

      List<String> seen = new ArrayList<>();
      Iterator<Kvrpcpb.KvPair> it = session.createSnapshot().scanPrefix(bs("scan/"));
      while (it.hasNext()) {
        seen.add(it.next().getKey().toStringUtf8());
        if (seen.size() == 5_000) {
          // Ahead of the cursor in the current region (the client holds a page up to 10239),
          // inside the next region, and in the last one.
          embedded.split(bytes(scanKey(8_000)), bytes(scanKey(11_000)), bytes(scanKey(17_000)), bytes(scanKey(24_000)));
        }
      }

      assertThat(embedded.regions()).hasSize(7);
      assertThat(seen).hasSize(SCAN_KEYS).doesNotHaveDuplicates().isSorted();
    }
  }

  @Test
  void splitBumpsTheEpochVersionOfTheDividedRegionOnly() {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys(bytes("m")).build())) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      List<RegionInfo> before = embedded.regions();

      embedded.split(bytes("c"), bytes("f"), bytes("m"));

      List<RegionInfo> after = embedded.regions();
      assertThat(after).extracting(r -> new String(r.startKey(), StandardCharsets.UTF_8)).containsExactly("", "c", "f", "m");
      assertThat(after.get(0).version()).isEqualTo(before.get(0).version() + 2);
      assertThat(after.get(2).id()).isEqualTo(before.get(0).id());
      assertThat(after.get(3).version()).isEqualTo(before.get(1).version());
      assertThat(after).extracting(RegionInfo::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void clientWithAStaleRegionCacheReroutesAfterASplit() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
        TiSession session = ClientSessions.txn(cluster)) {
      EmbeddedCluster embedded = cluster.embedded().orElseThrow();
      TxnDriver txn = new TxnDriver(session);
      txn.commit(Map.of("a", "1", "k", "2", "x", "3"));
      long oldVersion = session.getRegionManager().getRegionByKey(bs("k")).getVerID().getVer();

      embedded.split(bytes("h"), bytes("q"));

      // Every call below starts from the cached one-region layout and must meet EpochNotMatch.
      txn.commit(Map.of("k", "22", "a", "11", "x", "33"));
      assertThat(txn.get("a")).isEqualTo("11");
      assertThat(txn.get("k")).isEqualTo("22");
      assertThat(txn.get("x")).isEqualTo("33");
      TiRegion refreshed = session.getRegionManager().getRegionByKey(bs("k"));
      assertThat(refreshed.getStartKey().toStringUtf8()).isEqualTo("h");
      assertThat(refreshed.getEndKey().toStringUtf8()).isEqualTo("q");
      assertThat(refreshed.getVerID().getVer()).isGreaterThan(oldVersion);
    }
  }

  @Test
  void clientSplitRegionAndScatterSplitsTheCluster() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults());
        TiSession session = ClientSessions.txn(cluster)) {
      TxnDriver txn = new TxnDriver(session);
      txn.commit(Map.of("c", "1", "p", "2"));

      session.splitRegionAndScatter(new ArrayList<>(List.of(bytes("g"), bytes("n"))));

      assertThat(cluster.embedded().orElseThrow().regions())
          .extracting(r -> new String(r.startKey(), StandardCharsets.UTF_8))
          .containsExactly("", "g", "n");
      txn.commit(Map.of("c", "10", "p", "20"));
      assertThat(txn.get("c")).isEqualTo("10");
      assertThat(txn.get("p")).isEqualTo("20");
    }
  }

  @Test
  void rawClientRoutesOnTheSameEncodedBoundaries() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys(bytes("m"), bytes("t")).build());
        TiSession session = ClientSessions.raw(cluster)) {
      RawKVClient raw = session.createRawClient();
      List<String> keys = List.of("a", "l", "m", "m\u0000", "mzz", "s", "t", "t\u0001", "zz");
      for (String k : keys) {
        raw.put(bs(k), bs("v-" + k));
      }

      for (String k : keys) {
        assertThat(raw.get(bs(k)).map(ByteString::toStringUtf8)).contains("v-" + k);
      }
      assertThat(raw.scan(bs(""), bs("zzz"))).extracting(p -> p.getKey().toStringUtf8()).containsExactlyElementsOf(keys);
    }
  }

  @Test
  void emptySplitKeyIsRejectedWithTheReason() {
    try (LocalCluster cluster = LocalCluster.start(LocalClusterOptions.defaults())) {
      assertThatThrownBy(() -> cluster.embedded().orElseThrow().split(bytes("a"), new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("split key #1 is empty");
    }
  }

  private static String scanKey(int i) {
    return String.format("scan/%06d", i);
  }

  /** 25,000 keys in one transaction; the client groups them by region. */
  private static void writeScanKeys(TiSession session) throws Exception {
    long startTs = session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      byte[] primary = bytes(scanKey(0));
      committer.prewritePrimaryKey(TxnDriver.backoff(), primary, bytes("v0"));
      List<BytePairWrapper> secondaries = new ArrayList<>();
      List<ByteWrapper> secondaryKeys = new ArrayList<>();
      for (int i = 1; i < SCAN_KEYS; i++) {
        secondaries.add(new BytePairWrapper(bytes(scanKey(i)), bytes("v" + i)));
        secondaryKeys.add(new ByteWrapper(bytes(scanKey(i))));
      }
      committer.prewriteSecondaryKeys(primary, secondaries.iterator(), 20_000);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(TxnDriver.backoff(), primary, commitTs);
      committer.commitSecondaryKeys(secondaryKeys.iterator(), commitTs, 20_000);
    }
  }
}
