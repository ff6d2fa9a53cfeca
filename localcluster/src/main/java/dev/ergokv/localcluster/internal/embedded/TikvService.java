package dev.ergokv.localcluster.internal.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * The TiKV store: transactional and raw RPCs over {@link MvccStore} and {@link RawStore}, after
 * the region checks TiKV makes. RPCs not overridden here answer UNIMPLEMENTED.
 */
final class TikvService extends TikvGrpc.TikvImplBase {

  private final RpcDispatcher rpc;
  private final RegionTable regions;
  private final RegionGuard guard;
  private final MvccStore mvcc;
  private final RawStore raw;
  private final AtomicBoolean crashAfterPrewrite;

  TikvService(
      RpcDispatcher rpc, RegionTable regions, RegionGuard guard, MvccStore mvcc, RawStore raw, AtomicBoolean crashAfterPrewrite) {
    this.rpc = rpc;
    this.regions = regions;
    this.guard = guard;
    this.mvcc = mvcc;
    this.raw = raw;
    this.crashAfterPrewrite = crashAfterPrewrite;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactional reads

  @Override
  public void kvGet(Kvrpcpb.GetRequest request, StreamObserver<Kvrpcpb.GetResponse> out) {
    rpc.unary(TikvGrpc.getKvGetMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireUserKey(region, key);
      Kvrpcpb.GetResponse.Builder resp = Kvrpcpb.GetResponse.newBuilder();
      try {
        byte[] value = mvcc.get(key, req.getVersion(), readOptions(req.getContext()));
        if (value == null) {
          resp.setNotFound(true);
        } else {
          resp.setValue(ByteString.copyFrom(value));
        }
      } catch (KeyErrorException e) {
        resp.setError(e.error());
      }
      return resp.build();
    });
  }

  @Override
  public void kvBatchGet(Kvrpcpb.BatchGetRequest request, StreamObserver<Kvrpcpb.BatchGetResponse> out) {
    rpc.unary(TikvGrpc.getKvBatchGetMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      List<byte[]> keys = keys(req.getKeysList());
      RegionGuard.requireUserKeys(region, keys);
      return Kvrpcpb.BatchGetResponse.newBuilder()
          .addAllPairs(mvcc.batchGet(keys, req.getVersion(), readOptions(req.getContext())))
          .build();
    });
  }

  @Override
  public void kvScan(Kvrpcpb.ScanRequest request, StreamObserver<Kvrpcpb.ScanResponse> out) {
    rpc.unary(TikvGrpc.getKvScanMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] start = req.getStartKey().toByteArray();
      byte[] end = req.getEndKey().toByteArray();
      byte[] lower;
      byte[] upper;
      if (req.getReverse()) {
        // Backwards: [end_key, start_key) in descending order, within the region.
        lower = max(end, region.userStart);
        upper = minUpper(start, region.userEnd);
      } else {
        RegionGuard.requireUserKey(region, start);
        lower = start;
        upper = minUpper(end, region.userEnd);
      }
      return Kvrpcpb.ScanResponse.newBuilder()
          .addAllPairs(
              mvcc.scan(
                  lower, upper, req.getLimit(), req.getKeyOnly(), req.getReverse(), req.getVersion(),
                  readOptions(req.getContext())))
          .build();
    });
  }

  @Override
  public void kvScanLock(Kvrpcpb.ScanLockRequest request, StreamObserver<Kvrpcpb.ScanLockResponse> out) {
    rpc.unary(TikvGrpc.getKvScanLockMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] lower = max(req.getStartKey().toByteArray(), region.userStart);
      byte[] upper = minUpper(req.getEndKey().toByteArray(), region.userEnd);
      return Kvrpcpb.ScanLockResponse.newBuilder()
          .addAllLocks(mvcc.scanLocks(lower, upper, req.getMaxVersion(), req.getLimit()))
          .build();
    });
  }

  @Override
  public void mvccGetByKey(Kvrpcpb.MvccGetByKeyRequest request, StreamObserver<Kvrpcpb.MvccGetByKeyResponse> out) {
    rpc.unary(TikvGrpc.getMvccGetByKeyMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireUserKey(region, key);
      return Kvrpcpb.MvccGetByKeyResponse.newBuilder().setInfo(mvcc.mvccInfo(key)).build();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Transactional writes

  @Override
  public void kvPrewrite(Kvrpcpb.PrewriteRequest request, StreamObserver<Kvrpcpb.PrewriteResponse> out) {
    rpc.unary(TikvGrpc.getKvPrewriteMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      for (Kvrpcpb.Mutation m : req.getMutationsList()) {
        RegionGuard.requireUserKey(region, m.getKey().toByteArray());
      }
      // 1PC is served as TiKV serves it (one_pc_commit_ts). Async commit is not: its locks are
      // ordinary 2PC locks and min_commit_ts stays 0, so the client falls back to 2PC.
      MvccStore.PrewriteResult result = mvcc.prewrite(req);
      if (result.errors.isEmpty() && crashAfterPrewrite.compareAndSet(true, false)) {
        throw new RpcDispatcher.CrashNow();
      }
      return Kvrpcpb.PrewriteResponse.newBuilder()
          .addAllErrors(result.errors)
          .setOnePcCommitTs(result.onePcCommitTs)
          .build();
    });
  }

  @Override
  public void kvCommit(Kvrpcpb.CommitRequest request, StreamObserver<Kvrpcpb.CommitResponse> out) {
    rpc.unary(TikvGrpc.getKvCommitMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      List<byte[]> keys = keys(req.getKeysList());
      RegionGuard.requireUserKeys(region, keys);
      Kvrpcpb.KeyError error = mvcc.commit(keys, req.getStartVersion(), req.getCommitVersion());
      Kvrpcpb.CommitResponse.Builder resp = Kvrpcpb.CommitResponse.newBuilder();
      if (error != null) {
        resp.setError(error);
      } else {
        resp.setCommitVersion(req.getCommitVersion());
      }
      return resp.build();
    });
  }

  @Override
  public void kvBatchRollback(Kvrpcpb.BatchRollbackRequest request, StreamObserver<Kvrpcpb.BatchRollbackResponse> out) {
    rpc.unary(TikvGrpc.getKvBatchRollbackMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      List<byte[]> keys = keys(req.getKeysList());
      RegionGuard.requireUserKeys(region, keys);
      Kvrpcpb.KeyError error = mvcc.rollback(keys, req.getStartVersion());
      Kvrpcpb.BatchRollbackResponse.Builder resp = Kvrpcpb.BatchRollbackResponse.newBuilder();
      if (error != null) {
        resp.setError(error);
      }
      return resp.build();
    });
  }

  @Override
  public void kvCleanup(Kvrpcpb.CleanupRequest request, StreamObserver<Kvrpcpb.CleanupResponse> out) {
    rpc.unary(TikvGrpc.getKvCleanupMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireUserKey(region, key);
      Kvrpcpb.CleanupResponse.Builder resp = Kvrpcpb.CleanupResponse.newBuilder();
      try {
        mvcc.cleanup(key, req.getStartVersion(), req.getCurrentTs());
      } catch (KeyErrorException e) {
        if (e.committedTs() != 0) {
          resp.setCommitVersion(e.committedTs());
        } else {
          resp.setError(e.error());
        }
      }
      return resp.build();
    });
  }

  @Override
  public void kvCheckTxnStatus(Kvrpcpb.CheckTxnStatusRequest request, StreamObserver<Kvrpcpb.CheckTxnStatusResponse> out) {
    rpc.unary(TikvGrpc.getKvCheckTxnStatusMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      RegionGuard.requireUserKey(region, req.getPrimaryKey().toByteArray());
      return mvcc.checkTxnStatus(req);
    });
  }

  @Override
  public void kvResolveLock(Kvrpcpb.ResolveLockRequest request, StreamObserver<Kvrpcpb.ResolveLockResponse> out) {
    rpc.unary(TikvGrpc.getKvResolveLockMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      Kvrpcpb.KeyError error;
      if (req.getKeysCount() > 0) {
        List<byte[]> keys = keys(req.getKeysList());
        RegionGuard.requireUserKeys(region, keys);
        error = mvcc.resolveKeys(keys, req.getStartVersion(), req.getCommitVersion());
      } else {
        Map<Long, Long> status = new HashMap<>();
        if (req.getStartVersion() != 0) {
          status.put(req.getStartVersion(), req.getCommitVersion());
        } else {
          for (Kvrpcpb.TxnInfo info : req.getTxnInfosList()) {
            status.put(info.getTxn(), info.getStatus());
          }
        }
        error = mvcc.resolveRange(region.userStart, region.userEnd, status);
      }
      Kvrpcpb.ResolveLockResponse.Builder resp = Kvrpcpb.ResolveLockResponse.newBuilder();
      if (error != null) {
        resp.setError(error);
      }
      return resp.build();
    });
  }

  @Override
  public void kvTxnHeartBeat(Kvrpcpb.TxnHeartBeatRequest request, StreamObserver<Kvrpcpb.TxnHeartBeatResponse> out) {
    rpc.unary(TikvGrpc.getKvTxnHeartBeatMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] primary = req.getPrimaryLock().toByteArray();
      RegionGuard.requireUserKey(region, primary);
      return mvcc.heartBeat(primary, req.getStartVersion(), req.getAdviseLockTtl());
    });
  }

  @Override
  public void kvPessimisticLock(Kvrpcpb.PessimisticLockRequest request, StreamObserver<Kvrpcpb.PessimisticLockResponse> out) {
    rpc.unary(TikvGrpc.getKvPessimisticLockMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      for (Kvrpcpb.Mutation m : req.getMutationsList()) {
        RegionGuard.requireUserKey(region, m.getKey().toByteArray());
      }
      MvccStore.PessimisticResult result = mvcc.pessimisticLock(req);
      Kvrpcpb.PessimisticLockResponse.Builder resp = Kvrpcpb.PessimisticLockResponse.newBuilder();
      if (!result.errors.isEmpty()) {
        return resp.addAllErrors(result.errors).build();
      }
      if (req.getReturnValues() || req.getCheckExistence()) {
        for (byte[] value : result.values) {
          if (req.getReturnValues()) {
            resp.addValues(value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
          }
          resp.addNotFounds(value == null);
        }
      }
      return resp.build();
    });
  }

  @Override
  public void kVPessimisticRollback(
      Kvrpcpb.PessimisticRollbackRequest request, StreamObserver<Kvrpcpb.PessimisticRollbackResponse> out) {
    rpc.unary(TikvGrpc.getKVPessimisticRollbackMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      List<byte[]> keys = keys(req.getKeysList());
      RegionGuard.requireUserKeys(region, keys);
      mvcc.pessimisticRollback(keys, req.getStartVersion(), req.getForUpdateTs());
      return Kvrpcpb.PessimisticRollbackResponse.getDefaultInstance();
    });
  }

  /**
   * SplitRegion, as {@code TiSession.splitRegionAndScatter} sends it: transactional split keys are
   * user keys (encoded here, like TiKV does); raw split keys become boundaries as they are, and
   * must therefore be valid encodings, since one layout serves both clients here.
   */
  @Override
  public void splitRegion(Kvrpcpb.SplitRegionRequest request, StreamObserver<Kvrpcpb.SplitRegionResponse> out) {
    rpc.unary(TikvGrpc.getSplitRegionMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      List<byte[]> keys = new ArrayList<>();
      List<ByteString> given = new ArrayList<>(req.getSplitKeysList());
      if (given.isEmpty() && !req.getSplitKey().isEmpty()) {
        given.add(req.getSplitKey());
      }
      for (ByteString k : given) {
        byte[] key = k.toByteArray();
        byte[] boundary = req.getIsRawKv() ? key : MemComparable.encode(key);
        if (req.getIsRawKv() && !isEncoded(boundary)) {
          throw Status.INVALID_ARGUMENT
              .withDescription(
                  "raw split key " + Bytes.readable(key) + " is not memcomparable-encoded; the embedded"
                      + " cluster keeps one region layout for raw and transactional clients")
              .asRuntimeException();
        }
        RegionGuard.requireRawKey(region, boundary);
        keys.add(boundary);
      }
      Kvrpcpb.SplitRegionResponse.Builder resp = Kvrpcpb.SplitRegionResponse.newBuilder();
      for (RegionMeta r : regions.splitRegion(region, keys)) {
        resp.addRegions(r.proto());
      }
      return resp.build();
    });
  }

  private static boolean isEncoded(byte[] key) {
    try {
      MemComparable.decode(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Raw

  @Override
  public void rawGet(Kvrpcpb.RawGetRequest request, StreamObserver<Kvrpcpb.RawGetResponse> out) {
    rpc.unary(TikvGrpc.getRawGetMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireRawKey(region, key);
      Kvrpcpb.RawGetResponse.Builder resp = Kvrpcpb.RawGetResponse.newBuilder();
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return resp.setError(cfError).build();
      }
      byte[] value = raw.get(key);
      if (value == null) {
        resp.setNotFound(true);
      } else {
        resp.setValue(ByteString.copyFrom(value));
      }
      return resp.build();
    });
  }

  @Override
  public void rawBatchGet(Kvrpcpb.RawBatchGetRequest request, StreamObserver<Kvrpcpb.RawBatchGetResponse> out) {
    rpc.unary(TikvGrpc.getRawBatchGetMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      Kvrpcpb.RawBatchGetResponse.Builder resp = Kvrpcpb.RawBatchGetResponse.newBuilder();
      for (ByteString k : req.getKeysList()) {
        byte[] key = k.toByteArray();
        RegionGuard.requireRawKey(region, key);
        byte[] value = raw.get(key);
        if (value != null) {
          resp.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(k).setValue(ByteString.copyFrom(value)));
        }
      }
      return resp.build();
    });
  }

  @Override
  public void rawPut(Kvrpcpb.RawPutRequest request, StreamObserver<Kvrpcpb.RawPutResponse> out) {
    rpc.unary(TikvGrpc.getRawPutMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireRawKey(region, key);
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawPutResponse.newBuilder().setError(cfError).build();
      }
      raw.put(key, req.getValue().toByteArray(), req.getTtl());
      return Kvrpcpb.RawPutResponse.getDefaultInstance();
    });
  }

  // The deprecated single ttl is what older clients send instead of ttls; TiKV honours both.
  @SuppressWarnings("deprecation")
  @Override
  public void rawBatchPut(Kvrpcpb.RawBatchPutRequest request, StreamObserver<Kvrpcpb.RawBatchPutResponse> out) {
    rpc.unary(TikvGrpc.getRawBatchPutMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawBatchPutResponse.newBuilder().setError(cfError).build();
      }
      int pairs = req.getPairsCount();
      int ttls = req.getTtlsCount();
      if (ttls > 1 && ttls != pairs) {
        return Kvrpcpb.RawBatchPutResponse.newBuilder()
            .setError("ttls length " + ttls + " does not match pairs length " + pairs)
            .build();
      }
      for (Kvrpcpb.KvPair pair : req.getPairsList()) {
        RegionGuard.requireRawKey(region, pair.getKey().toByteArray());
      }
      for (int i = 0; i < pairs; i++) {
        Kvrpcpb.KvPair pair = req.getPairs(i);
        long ttl = ttls == 0 ? req.getTtl() : req.getTtls(ttls == 1 ? 0 : i);
        raw.put(pair.getKey().toByteArray(), pair.getValue().toByteArray(), ttl);
      }
      return Kvrpcpb.RawBatchPutResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawDelete(Kvrpcpb.RawDeleteRequest request, StreamObserver<Kvrpcpb.RawDeleteResponse> out) {
    rpc.unary(TikvGrpc.getRawDeleteMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireRawKey(region, key);
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawDeleteResponse.newBuilder().setError(cfError).build();
      }
      raw.delete(key);
      return Kvrpcpb.RawDeleteResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawBatchDelete(Kvrpcpb.RawBatchDeleteRequest request, StreamObserver<Kvrpcpb.RawBatchDeleteResponse> out) {
    rpc.unary(TikvGrpc.getRawBatchDeleteMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawBatchDeleteResponse.newBuilder().setError(cfError).build();
      }
      List<byte[]> keys = keys(req.getKeysList());
      for (byte[] key : keys) {
        RegionGuard.requireRawKey(region, key);
      }
      keys.forEach(raw::delete);
      return Kvrpcpb.RawBatchDeleteResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawScan(Kvrpcpb.RawScanRequest request, StreamObserver<Kvrpcpb.RawScanResponse> out) {
    rpc.unary(TikvGrpc.getRawScanMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] start = req.getStartKey().toByteArray();
      byte[] end = req.getEndKey().toByteArray();
      byte[] lower;
      byte[] upper;
      if (req.getReverse()) {
        lower = max(end, region.start);
        upper = minUpper(start, region.end);
      } else {
        RegionGuard.requireRawKey(region, start);
        lower = start;
        upper = minUpper(end, region.end);
      }
      return Kvrpcpb.RawScanResponse.newBuilder()
          .addAllKvs(raw.scan(lower, upper, req.getLimit(), req.getKeyOnly(), req.getReverse()))
          .build();
    });
  }

  @Override
  public void rawDeleteRange(Kvrpcpb.RawDeleteRangeRequest request, StreamObserver<Kvrpcpb.RawDeleteRangeResponse> out) {
    rpc.unary(TikvGrpc.getRawDeleteRangeMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawDeleteRangeResponse.newBuilder().setError(cfError).build();
      }
      byte[] start = req.getStartKey().toByteArray();
      RegionGuard.requireRawKey(region, start);
      raw.deleteRange(start, minUpper(req.getEndKey().toByteArray(), region.end));
      return Kvrpcpb.RawDeleteRangeResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawGetKeyTTL(Kvrpcpb.RawGetKeyTTLRequest request, StreamObserver<Kvrpcpb.RawGetKeyTTLResponse> out) {
    rpc.unary(TikvGrpc.getRawGetKeyTTLMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireRawKey(region, key);
      long ttl = raw.ttl(key);
      Kvrpcpb.RawGetKeyTTLResponse.Builder resp = Kvrpcpb.RawGetKeyTTLResponse.newBuilder();
      return ttl < 0 ? resp.setNotFound(true).build() : resp.setTtl(ttl).build();
    });
  }

  @Override
  public void rawCompareAndSwap(Kvrpcpb.RawCASRequest request, StreamObserver<Kvrpcpb.RawCASResponse> out) {
    rpc.unary(TikvGrpc.getRawCompareAndSwapMethod(), request, out, req -> {
      RegionMeta region = guard.check(req.getContext());
      byte[] key = req.getKey().toByteArray();
      RegionGuard.requireRawKey(region, key);
      String cfError = cfError(req.getCf());
      if (cfError != null) {
        return Kvrpcpb.RawCASResponse.newBuilder().setError(cfError).build();
      }
      RawStore.CasResult result =
          raw.compareAndSwap(
              key,
              req.getPreviousNotExist(),
              req.getPreviousValue().toByteArray(),
              req.getValue().toByteArray(),
              req.getTtl());
      Kvrpcpb.RawCASResponse.Builder resp = Kvrpcpb.RawCASResponse.newBuilder().setSucceed(result.succeeded);
      if (result.previous == null) {
        resp.setPreviousNotExist(true);
      } else {
        resp.setPreviousValue(ByteString.copyFrom(result.previous));
      }
      return resp.build();
    });
  }

  // ---------------------------------------------------------------------------------------------

  private static MvccStore.ReadOptions readOptions(Kvrpcpb.Context ctx) {
    boolean ignoreLocks = ctx.getIsolationLevel() != Kvrpcpb.IsolationLevel.SI;
    if (ctx.getResolvedLocksCount() == 0 && !ignoreLocks) {
      return MvccStore.ReadOptions.SNAPSHOT;
    }
    return new MvccStore.ReadOptions(new HashSet<>(ctx.getResolvedLocksList()), ignoreLocks);
  }

  private static List<byte[]> keys(List<ByteString> keys) {
    List<byte[]> out = new ArrayList<>(keys.size());
    for (ByteString k : keys) {
      out.add(k.toByteArray());
    }
    return out;
  }

  private static byte[] max(byte[] a, byte[] b) {
    return Bytes.compare(a, b) >= 0 ? a : b;
  }

  /** The smaller of two exclusive upper bounds where empty means unbounded. */
  private static byte[] minUpper(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    return Bytes.compare(a, b) <= 0 ? a : b;
  }

  /** Raw requests may name the default column family only; TiKV rejects the others likewise. */
  private static String cfError(String cf) {
    return cf.isEmpty() || cf.equals("default") ? null : "invalid cf name: " + cf;
  }
}
