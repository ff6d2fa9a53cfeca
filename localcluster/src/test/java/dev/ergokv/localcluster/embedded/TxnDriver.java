package dev.ergokv.localcluster.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tikv.common.ByteWrapper;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.TiSession;
import org.tikv.common.region.TiRegion;
import org.tikv.common.region.TiStore;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.common.util.Pair;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.TwoPhaseCommitter;
import org.tikv.txn.TxnKVClient;
import org.tikv.txn.type.ClientRPCResult;

/**
 * Drives the unmodified client the way an application would: {@link TwoPhaseCommitter} for whole
 * transactions, {@link TxnKVClient} for single prewrite/commit steps, snapshots for reads.
 */

// The client's close() methods declare InterruptedException; try-with-resources is still right.
@SuppressWarnings("try")final class TxnDriver {

  static final int BACKOFF_MS = 5_000;

  private final TiSession session;

  TxnDriver(TiSession session) {
    this.session = session;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  long ts() {
    return session.getTimestamp().getVersion();
  }

  /** One transaction writing these pairs (empty value = delete); the first key is the primary. */
  long commit(Map<String, String> pairs) throws Exception {
    List<Map.Entry<String, String>> entries = new ArrayList<>(pairs.entrySet());
    long startTs = ts();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      byte[] primary = bytes(entries.get(0).getKey());
      committer.prewritePrimaryKey(backoff(), primary, bytes(entries.get(0).getValue()));
      List<BytePairWrapper> secondaries = new ArrayList<>();
      for (Map.Entry<String, String> e : entries.subList(1, entries.size())) {
        secondaries.add(new BytePairWrapper(bytes(e.getKey()), bytes(e.getValue())));
      }
      if (!secondaries.isEmpty()) {
        committer.prewriteSecondaryKeys(primary, secondaries.iterator(), BACKOFF_MS);
      }
      long commitTs = ts();
      committer.commitPrimaryKey(backoff(), primary, commitTs);
      if (!secondaries.isEmpty()) {
        List<ByteWrapper> keys = new ArrayList<>();
        for (BytePairWrapper p : secondaries) {
          keys.add(new ByteWrapper(p.getKey()));
        }
        committer.commitSecondaryKeys(keys.iterator(), commitTs, BACKOFF_MS);
      }
      return commitTs;
    }
  }

  long put(String key, String value) throws Exception {
    return commit(Map.of(key, value));
  }

  /** The value at a fresh snapshot; the client returns empty for a missing key. */
  String get(String key) {
    return new String(session.createSnapshot().get(bytes(key)), StandardCharsets.UTF_8);
  }

  /** One prewrite RPC through the client (all keys must lie in one region). */
  ClientRPCResult prewrite(long startTs, String primary, long ttlMs, Kvrpcpb.Mutation... mutations) {
    Pair<TiRegion, TiStore> route =
        session.getRegionManager().getRegionStorePairByKey(mutations[0].getKey());
    try (TxnKVClient client = session.createTxnClient()) {
      return client.prewrite(
          ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), List.of(mutations), bs(primary), ttlMs, startTs,
          route.first, route.second);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One commit RPC through the client (all keys in one region). */
  ClientRPCResult commitKeys(long startTs, long commitTs, String... keys) {
    ByteString[] bsKeys = new ByteString[keys.length];
    for (int i = 0; i < keys.length; i++) {
      bsKeys[i] = bs(keys[i]);
    }
    Pair<TiRegion, TiStore> route = session.getRegionManager().getRegionStorePairByKey(bsKeys[0]);
    try (TxnKVClient client = session.createTxnClient()) {
      return client.commit(
          ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), bsKeys, startTs, commitTs, route.first, route.second);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Kvrpcpb.Mutation put(String key, String value, Kvrpcpb.Op op) {
    return Kvrpcpb.Mutation.newBuilder().setOp(op).setKey(bs(key)).setValue(bs(value)).build();
  }

  static Kvrpcpb.Mutation op(Kvrpcpb.Op op, String key) {
    return Kvrpcpb.Mutation.newBuilder().setOp(op).setKey(bs(key)).build();
  }

  static ConcreteBackOffer backoff() {
    return ConcreteBackOffer.newCustomBackOff(BACKOFF_MS);
  }

  /** The root cause's message chain, for assertions on what the client reported. */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" <- ");
    }
    return sb.toString();
  }
}
