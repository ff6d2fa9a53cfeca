package dev.ergokv.localcluster.internal.embedded;

import static dev.ergokv.localcluster.internal.embedded.DirectRpc.bs;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.bytes;
import static dev.ergokv.localcluster.internal.embedded.DirectRpc.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/** PD answers, region checks on TiKV requests, and raw RPC fields, on a cluster split at "m". */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreAndPdRpcTest {

  private LocalCluster cluster;
  private DirectRpc rpc;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.builder().splitKeys(bytes("m")).build());
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

  @Test
  void membersNameANonZeroLeaderWithTheClientUrl() {
    Pdpb.GetMembersResponse resp = rpc.pd().getMembers(Pdpb.GetMembersRequest.getDefaultInstance());

    assertThat(resp.getLeader().getMemberId()).isNotZero();
    assertThat(resp.getLeader().getClientUrlsList()).containsExactly("http://" + cluster.pdAddresses());
    assertThat(resp.getHeader().getClusterId()).isNotZero();
  }

  @Test
  void theStoreIsUpWithACurrentVersionAndUnknownStoresAreErrors() {
    Pdpb.GetAllStoresResponse all = rpc.pd().getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(rpc.header()).build());
    assertThat(all.getStoresList()).hasSize(1);
    Metapb.Store store = all.getStores(0);
    assertThat(store.getState()).isEqualTo(Metapb.StoreState.Up);
    assertThat(store.getVersion()).isEqualTo("7.1.0");
    assertThat(store.getAddress()).isEqualTo(cluster.pdAddresses());

    Pdpb.GetStoreResponse unknown = rpc.pd().getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(rpc.header()).setStoreId(99).build());
    assertThat(unknown.getHeader().getError().getMessage()).contains("99");
  }

  @Test
  void regionsAreFoundByEncodedKeyByIdAndByScan() {
    Pdpb.GetRegionResponse byEncodedKey =
        rpc.pd().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(rpc.header())
            .setRegionKey(org.tikv.shade.com.google.protobuf.ByteString.copyFrom(MemComparable.encode(bytes("q")))).build());
    assertThat(byEncodedKey.getRegion().getStartKey().toByteArray()).isEqualTo(MemComparable.encode(bytes("m")));
    assertThat(byEncodedKey.getLeader().getStoreId()).isEqualTo(1);

    Pdpb.GetRegionResponse byId =
        rpc.pd().getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder().setHeader(rpc.header())
            .setRegionId(byEncodedKey.getRegion().getId()).build());
    assertThat(byId.getRegion()).isEqualTo(byEncodedKey.getRegion());
    Pdpb.GetRegionResponse missing =
        rpc.pd().getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder().setHeader(rpc.header()).setRegionId(12345).build());
    assertThat(missing.hasRegion()).isFalse();

    Pdpb.ScanRegionsResponse scan =
        rpc.pd().scanRegions(Pdpb.ScanRegionsRequest.newBuilder().setHeader(rpc.header()).setLimit(10).build());
    assertThat(scan.getRegionsList()).hasSize(2);
    assertThat(scan.getRegions(1).getLeader().getStoreId()).isEqualTo(1);
  }

  @Test
  void pdRequestsOfAnotherClusterAreRefused() {
    assertThatThrownBy(() -> rpc.pd().getAllStores(Pdpb.GetAllStoresRequest.newBuilder()
            .setHeader(Pdpb.RequestHeader.newBuilder().setClusterId(rpc.clusterId + 1)).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void keyOutsideTheAddressedRegionGetsKeyNotInRegion() {
    Kvrpcpb.GetResponse resp =
        rpc.kv().kvGet(Kvrpcpb.GetRequest.newBuilder().setContext(rpc.ctx("a")).setKey(bs("z")).setVersion(rpc.ts()).build());

    Errorpb.KeyNotInRegion error = resp.getRegionError().getKeyNotInRegion();
    assertThat(error.getKey()).isEqualTo(bs("z"));
    assertThat(error.getRegionId()).isEqualTo(rpc.ctx("a").getRegionId());
    assertThat(error.getEndKey().toByteArray()).isEqualTo(MemComparable.encode(bytes("m")));
  }

  @Test
  void staleEpochGetsEpochNotMatchWithTheRegionsNowCoveringTheOldRange() {
    try (LocalCluster own = LocalCluster.start(LocalClusterOptions.defaults());
        DirectRpc local = new DirectRpc(own)) {
      Kvrpcpb.Context stale = local.ctx("k");
      own.embedded().orElseThrow().split(bytes("f"), bytes("s"));

      Kvrpcpb.GetResponse resp =
          local.kv().kvGet(Kvrpcpb.GetRequest.newBuilder().setContext(stale).setKey(bs("k")).setVersion(local.ts()).build());

      assertThat(resp.getRegionError().getEpochNotMatch().getCurrentRegionsList()).hasSize(3);
      assertThat(local.get("k", local.ts()).hasRegionError()).isFalse();
    }
  }

  @Test
  void unknownRegionGetsRegionNotFound() {
    Kvrpcpb.GetResponse resp =
        rpc.kv().kvGet(Kvrpcpb.GetRequest.newBuilder()
            .setContext(rpc.ctx("a").toBuilder().setRegionId(4242)).setKey(bs("a")).setVersion(rpc.ts()).build());

    assertThat(resp.getRegionError().getRegionNotFound().getRegionId()).isEqualTo(4242);
  }

  @Test
  void scanStopsAtTheRegionEnd() {
    rpc.write(put("k1", "1"), put("k2", "2"));
    rpc.write(put("n1", "3"));

    Kvrpcpb.ScanResponse resp =
        rpc.kv().kvScan(Kvrpcpb.ScanRequest.newBuilder().setContext(rpc.ctx("k1")).setStartKey(bs("k1"))
            .setLimit(100).setVersion(rpc.ts()).build());

    assertThat(resp.getPairsList()).extracting(p -> p.getKey().toStringUtf8()).containsExactly("k1", "k2");
  }

  @Test
  void rawReadsReportNotFoundAndCompareAndSwapReportsThePreviousValue() {
    Kvrpcpb.RawGetResponse missing =
        rpc.kv().rawGet(Kvrpcpb.RawGetRequest.newBuilder().setContext(rpc.rawCtx("rawd/a")).setKey(bs("rawd/a")).build());
    assertThat(missing.getNotFound()).isTrue();

    Kvrpcpb.RawCASResponse first =
        rpc.kv().rawCompareAndSwap(Kvrpcpb.RawCASRequest.newBuilder().setContext(rpc.rawCtx("rawd/a")).setKey(bs("rawd/a"))
            .setPreviousNotExist(true).setValue(bs("1")).build());
    assertThat(first.getSucceed()).isTrue();
    assertThat(first.getPreviousNotExist()).isTrue();

    Kvrpcpb.RawCASResponse wrong =
        rpc.kv().rawCompareAndSwap(Kvrpcpb.RawCASRequest.newBuilder().setContext(rpc.rawCtx("rawd/a")).setKey(bs("rawd/a"))
            .setPreviousValue(bs("0")).setValue(bs("2")).build());
    assertThat(wrong.getSucceed()).isFalse();
    assertThat(wrong.getPreviousValue()).isEqualTo(bs("1"));
  }

  @Test
  void rawRequestsNamingAnotherColumnFamilyOrMismatchedTtlsAreErrors() {
    Kvrpcpb.RawPutResponse badCf =
        rpc.kv().rawPut(Kvrpcpb.RawPutRequest.newBuilder().setContext(rpc.rawCtx("rawd/b")).setKey(bs("rawd/b"))
            .setValue(bs("v")).setCf("write").build());
    assertThat(badCf.getError()).contains("invalid cf name");

    Kvrpcpb.RawBatchPutResponse badTtls =
        rpc.kv().rawBatchPut(Kvrpcpb.RawBatchPutRequest.newBuilder().setContext(rpc.rawCtx("rawd/b"))
            .addPairs(Kvrpcpb.KvPair.newBuilder().setKey(bs("rawd/b")).setValue(bs("1")))
            .addPairs(Kvrpcpb.KvPair.newBuilder().setKey(bs("rawd/c")).setValue(bs("2")))
            .addPairs(Kvrpcpb.KvPair.newBuilder().setKey(bs("rawd/d")).setValue(bs("3")))
            .addTtls(1).addTtls(2).build());
    assertThat(badTtls.getError()).contains("ttls length 2");
  }

  @Test
  void rawReverseScanWalksDownFromTheStartKey() {
    for (String k : new String[] {"rawr/1", "rawr/2", "rawr/3"}) {
      rpc.kv().rawPut(Kvrpcpb.RawPutRequest.newBuilder().setContext(rpc.rawCtx(k)).setKey(bs(k)).setValue(bs(k)).build());
    }

    Kvrpcpb.RawScanResponse resp =
        rpc.kv().rawScan(Kvrpcpb.RawScanRequest.newBuilder().setContext(rpc.rawCtx("rawr/3")).setStartKey(bs("rawr/3"))
            .setEndKey(bs("rawr/")).setLimit(10).setReverse(true).build());

    assertThat(resp.getKvsList()).extracting(p -> p.getKey().toStringUtf8()).containsExactly("rawr/2", "rawr/1");
  }
}
