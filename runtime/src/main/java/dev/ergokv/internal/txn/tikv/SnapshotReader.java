package dev.ergokv.internal.txn.tikv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Reads at one snapshot timestamp: point gets, batch gets (one request per region, all regions in
 * parallel) and scan pages, with the locks they meet resolved on the way. Remembers the
 * transactions whose locks it may read past ({@code resolved_locks}). Not thread-safe: it belongs
 * to one transaction.
 */
final class SnapshotReader {

  /** One page of a scan: rows in key order, and where the next page starts (null: no more). */
  static final class Page {
    final List<Map.Entry<byte[], byte[]>> rows;
    final byte[] next;

    Page(List<Map.Entry<byte[], byte[]>> rows, byte[] next) {
      this.rows = rows;
      this.next = next;
    }
  }

  private final EngineContext engine;
  private final long ts;
  private final Set<Long> resolvedLocks = new HashSet<>();

  SnapshotReader(EngineContext engine, long ts) {
    this.engine = engine;
    this.ts = ts;
  }

  long ts() {
    return ts;
  }

  /** The value of {@code key} at the snapshot, or null. */
  byte[] get(byte[] key) {
    Deadline deadline = engine.operationDeadline();
    RegionRpc rpc = engine.rpc();
    while (true) {
      RegionRpc.Route route = rpc.route(key, deadline);
      Kvrpcpb.GetRequest req =
          Kvrpcpb.GetRequest.newBuilder()
              .setContext(route.context(resolvedLocks))
              .setKey(Keys.wrap(key))
              .setVersion(ts)
              .build();
      Kvrpcpb.GetResponse resp;
      try {
        resp = rpc.call(route, TikvGrpc.getKvGetMethod(), req, deadline);
      } catch (StatusRuntimeException e) {
        rpc.onSendFailure(route, e, deadline, "KvGet");
        continue;
      }
      if (resp.hasRegionError()) {
        rpc.onRegionError(route, resp.getRegionError(), deadline, "KvGet");
        continue;
      }
      if (resp.hasError()) {
        Kvrpcpb.KeyError error = resp.getError();
        if (!error.hasLocked()) {
          throw LockResolver.unexpected("reading key " + Keys.readable(key), error);
        }
        engine.resolver().resolveForRead(List.of(error.getLocked()), ts, resolvedLocks, deadline);
        continue;
      }
      // An empty value is how other clients store a delete; it reads as absent.
      return resp.getNotFound() || resp.getValue().isEmpty() ? null : resp.getValue().toByteArray();
    }
  }

  /**
   * The values of those keys (distinct, in key order) that exist at the snapshot: one KvBatchGet
   * per region, sent to all regions at once, repeated for keys whose region moved or which were
   * locked.
   */
  Map<byte[], byte[]> batchGet(List<byte[]> sortedKeys) {
    Map<byte[], byte[]> found = new TreeMap<>(Keys.ORDER);
    Deadline deadline = engine.operationDeadline();
    RegionRpc rpc = engine.rpc();
    List<byte[]> pending = sortedKeys;
    while (!pending.isEmpty()) {
      List<RegionRpc.Batch<byte[]>> batches = rpc.group(pending, k -> k, deadline);
      List<RegionRpc.Reply<Kvrpcpb.BatchGetResponse>> replies =
          rpc.callEach(batches, TikvGrpc.getKvBatchGetMethod(), this::batchGetRequest, deadline);
      List<byte[]> retry = new ArrayList<>();
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      for (int i = 0; i < batches.size(); i++) {
        RegionRpc.Batch<byte[]> batch = batches.get(i);
        RegionRpc.Reply<Kvrpcpb.BatchGetResponse> reply = replies.get(i);
        if (reply.failure != null) {
          rpc.onSendFailure(batch.route, reply.failure, deadline, "KvBatchGet");
          retry.addAll(batch.items);
          continue;
        }
        Kvrpcpb.BatchGetResponse resp = reply.response;
        if (resp.hasRegionError()) {
          rpc.onRegionError(batch.route, resp.getRegionError(), deadline, "KvBatchGet");
          retry.addAll(batch.items);
          continue;
        }
        for (Kvrpcpb.KvPair pair : resp.getPairsList()) {
          if (pair.hasError()) {
            if (!pair.getError().hasLocked()) {
              throw LockResolver.unexpected("reading a batch of keys", pair.getError());
            }
            locks.add(pair.getError().getLocked());
            retry.add(pair.getError().getLocked().getKey().toByteArray());
          } else if (!pair.getValue().isEmpty()) {
            found.put(pair.getKey().toByteArray(), pair.getValue().toByteArray());
          }
        }
      }
      if (!locks.isEmpty()) {
        engine.resolver().resolveForRead(locks, ts, resolvedLocks, deadline);
      }
      retry.sort(Keys.ORDER);
      pending = retry;
    }
    return found;
  }

  private Kvrpcpb.BatchGetRequest batchGetRequest(RegionRpc.Batch<byte[]> batch) {
    Kvrpcpb.BatchGetRequest.Builder req =
        Kvrpcpb.BatchGetRequest.newBuilder().setContext(batch.route.context(resolvedLocks)).setVersion(ts);
    for (byte[] key : batch.items) {
      req.addKeys(Keys.wrap(key));
    }
    return req.build();
  }

  /**
   * Up to {@code limit} rows from {@code start} on, below {@code end} (empty: unbounded) and within
   * the region holding {@code start}: TiKV answers a scan per region, and a short page means that
   * region has no more rows, so the next page starts at the region's end.
   */
  Page scan(byte[] start, byte[] end, int limit) {
    Deadline deadline = engine.operationDeadline();
    RegionRpc rpc = engine.rpc();
    while (true) {
      RegionRpc.Route route = rpc.route(start, deadline);
      ByteString regionEnd = route.end();
      // Whether the scan's own end comes first: then this region is the scan's last.
      boolean endsInRegion = end.length > 0 && (regionEnd.isEmpty() || Keys.compare(end, regionEnd) <= 0);
      ByteString requestEnd = endsInRegion ? Keys.wrap(end) : regionEnd;
      Kvrpcpb.ScanRequest req =
          Kvrpcpb.ScanRequest.newBuilder()
              .setContext(route.context(resolvedLocks))
              .setStartKey(Keys.wrap(start))
              .setEndKey(requestEnd)
              .setLimit(limit)
              .setVersion(ts)
              .build();
      Kvrpcpb.ScanResponse resp;
      try {
        resp = rpc.call(route, TikvGrpc.getKvScanMethod(), req, deadline);
      } catch (StatusRuntimeException e) {
        rpc.onSendFailure(route, e, deadline, "KvScan");
        continue;
      }
      if (resp.hasRegionError()) {
        rpc.onRegionError(route, resp.getRegionError(), deadline, "KvScan");
        continue;
      }
      if (resp.hasError() && !resp.getError().hasLocked()) {
        throw LockResolver.unexpected("scanning from key " + Keys.readable(start), resp.getError());
      }
      List<Kvrpcpb.LockInfo> locks = new ArrayList<>();
      List<Map.Entry<byte[], byte[]>> rows = new ArrayList<>(resp.getPairsCount());
      byte[] last = null;
      for (Kvrpcpb.KvPair pair : resp.getPairsList()) {
        if (pair.hasError()) {
          if (!pair.getError().hasLocked()) {
            throw LockResolver.unexpected("scanning from key " + Keys.readable(start), pair.getError());
          }
          locks.add(pair.getError().getLocked());
          continue;
        }
        last = pair.getKey().toByteArray();
        if (!pair.getValue().isEmpty()) {
          rows.add(Map.entry(last, pair.getValue().toByteArray()));
        }
      }
      if (!locks.isEmpty()) {
        // The page is read again whole: what the locks hide lies between the rows.
        engine.resolver().resolveForRead(locks, ts, resolvedLocks, deadline);
        continue;
      }
      byte[] next;
      if (resp.getPairsCount() >= limit) {
        next = Keys.successor(last);
        if (end.length > 0 && Keys.ORDER.compare(next, end) >= 0) {
          next = null;
        }
      } else if (endsInRegion || regionEnd.isEmpty()) {
        next = null;
      } else {
        next = regionEnd.toByteArray();
      }
      return new Page(rows, next);
    }
  }
}
