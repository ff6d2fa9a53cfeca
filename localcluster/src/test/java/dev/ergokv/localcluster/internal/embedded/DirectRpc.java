package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.netty.NettyChannelBuilder;

/**
 * Raw gRPC access to the embedded cluster through the kvproto blocking stubs, for semantics the
 * high-level client cannot reach (rollback records, pessimistic locks, min_commit_ts pushes...).
 */
final class DirectRpc implements AutoCloseable {

  final EmbeddedCluster cluster;
  final long clusterId;
  private final ManagedChannel channel;

  DirectRpc(LocalCluster localCluster) {
    this.cluster = localCluster.embedded().orElseThrow();
    this.channel = NettyChannelBuilder.forTarget(localCluster.pdAddresses()).usePlaintext().build();
    this.clusterId = pd().getMembers(Pdpb.GetMembersRequest.getDefaultInstance()).getHeader().getClusterId();
  }

  TikvGrpc.TikvBlockingStub kv() {
    return TikvGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  PDGrpc.PDBlockingStub pd() {
    return PDGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  Pdpb.RequestHeader header() {
    return Pdpb.RequestHeader.newBuilder().setClusterId(clusterId).build();
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  long ts() {
    return cluster.timestamp();
  }

  /** The context of the region holding a transactional key (PD is asked with the encoded key). */
  Kvrpcpb.Context ctx(String key) {
    return contextOf(MemComparable.encode(bytes(key)));
  }

  /** The context of the region holding a raw key. */
  Kvrpcpb.Context rawCtx(String key) {
    return contextOf(bytes(key));
  }

  private Kvrpcpb.Context contextOf(byte[] pdKey) {
    Pdpb.GetRegionResponse region =
        pd().getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(header()).setRegionKey(ByteString.copyFrom(pdKey)).build());
    Metapb.Region r = region.getRegion();
    return Kvrpcpb.Context.newBuilder()
        .setRegionId(r.getId())
        .setRegionEpoch(r.getRegionEpoch())
        .setPeer(region.getLeader())
        .build();
  }

  static Kvrpcpb.Mutation put(String key, String value) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(bs(key)).setValue(bs(value)).build();
  }

  static Kvrpcpb.Mutation mutation(Kvrpcpb.Op op, String key) {
    return Kvrpcpb.Mutation.newBuilder().setOp(op).setKey(bs(key)).build();
  }

  Kvrpcpb.PrewriteResponse prewrite(long startTs, String primary, long ttl, Kvrpcpb.Mutation... mutations) {
    return kv().kvPrewrite(
        Kvrpcpb.PrewriteRequest.newBuilder()
            .setContext(ctx(mutations[0].getKey().toStringUtf8()))
            .setStartVersion(startTs)
            .setPrimaryLock(bs(primary))
            .setLockTtl(ttl)
            .setMinCommitTs(startTs)
            .setTxnSize(mutations.length)
            .addAllMutations(java.util.List.of(mutations))
            .build());
  }

  Kvrpcpb.CommitResponse commit(long startTs, long commitTs, String... keys) {
    Kvrpcpb.CommitRequest.Builder b =
        Kvrpcpb.CommitRequest.newBuilder().setContext(ctx(keys[0])).setStartVersion(startTs).setCommitVersion(commitTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return kv().kvCommit(b.build());
  }

  /** Prewrite and commit, asserting success; returns the commit ts. */
  long write(Kvrpcpb.Mutation... mutations) {
    long startTs = ts();
    String primary = mutations[0].getKey().toStringUtf8();
    Kvrpcpb.PrewriteResponse pw = prewrite(startTs, primary, 3_000, mutations);
    if (pw.getErrorsCount() > 0 || pw.hasRegionError()) {
      throw new AssertionError("prewrite failed: " + pw);
    }
    long commitTs = ts();
    String[] keys = new String[mutations.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = mutations[i].getKey().toStringUtf8();
    }
    Kvrpcpb.CommitResponse c = commit(startTs, commitTs, keys);
    if (c.hasError() || c.hasRegionError()) {
      throw new AssertionError("commit failed: " + c);
    }
    return commitTs;
  }

  Kvrpcpb.GetResponse get(String key, long ts) {
    return kv().kvGet(Kvrpcpb.GetRequest.newBuilder().setContext(ctx(key)).setKey(bs(key)).setVersion(ts).build());
  }

  Kvrpcpb.CheckTxnStatusResponse checkTxnStatus(
      String primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist) {
    return kv().kvCheckTxnStatus(
        Kvrpcpb.CheckTxnStatusRequest.newBuilder()
            .setContext(ctx(primary))
            .setPrimaryKey(bs(primary))
            .setLockTs(lockTs)
            .setCallerStartTs(callerStartTs)
            .setCurrentTs(currentTs)
            .setRollbackIfNotExist(rollbackIfNotExist)
            .build());
  }

  Kvrpcpb.BatchRollbackResponse rollback(long startTs, String... keys) {
    Kvrpcpb.BatchRollbackRequest.Builder b =
        Kvrpcpb.BatchRollbackRequest.newBuilder().setContext(ctx(keys[0])).setStartVersion(startTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return kv().kvBatchRollback(b.build());
  }

  Kvrpcpb.MvccInfo mvcc(String key) {
    return kv().mvccGetByKey(Kvrpcpb.MvccGetByKeyRequest.newBuilder().setContext(ctx(key)).setKey(bs(key)).build()).getInfo();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the test channel", e);
    }
  }
}
