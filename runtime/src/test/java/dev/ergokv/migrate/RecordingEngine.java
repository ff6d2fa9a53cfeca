package dev.ergokv.migrate;

import dev.ergokv.ErgoKvException;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.testing.ForwardingEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps an engine to count, per key, how many COMMITTED transactions wrote it (a failed commit
 * counts nothing), and to make a chosen commit fail without committing, as a dying connection
 * would.
 */
final class RecordingEngine extends ForwardingEngine {

  private final Map<String, AtomicInteger> committedWrites = new ConcurrentHashMap<>();
  private final AtomicInteger commitsUntilFailure = new AtomicInteger(-1);
  /** Every holdSnapshot call: service, ts, ttl. */
  final List<String> snapshotHolds = new java.util.concurrent.CopyOnWriteArrayList<>();

  RecordingEngine(KvEngine inner) {
    super(inner);
  }

  /** The {@code nth} commit from now (1: the next) fails, and writes nothing. */
  void failCommit(int nth) {
    commitsUntilFailure.set(nth);
  }

  /** How many committed transactions wrote each key that starts with {@code prefix}, by hex key. */
  Map<String, Integer> writesUnder(byte[] prefix) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    String hexPrefix = RawKeys.Hex.encode(prefix);
    committedWrites.forEach((key, count) -> {
      if (key.startsWith(hexPrefix)) {
        counts.put(key, count.get());
      }
    });
    return counts;
  }

  void clear() {
    committedWrites.clear();
  }

  @Override
  protected KvTransaction wrap(KvTransaction tx) {
    return new Recorded(tx);
  }

  @Override
  public void holdSnapshot(String service, long ts, java.time.Duration ttl) {
    snapshotHolds.add(service + " " + ts + " " + ttl);
    super.holdSnapshot(service, ts, ttl);
  }

  private final class Recorded extends ForwardingEngine.Transaction {
    private final List<byte[]> written = new ArrayList<>();

    Recorded(KvTransaction tx) {
      super(tx);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      written.add(key);
      tx.put(key, value);
    }

    @Override
    public void insert(byte[] key, byte[] value) {
      written.add(key);
      tx.insert(key, value);
    }

    @Override
    public void delete(byte[] key) {
      written.add(key);
      tx.delete(key);
    }

    @Override
    public void commit() {
      if (tx.hasWrites()
          && commitsUntilFailure.get() > 0
          && commitsUntilFailure.decrementAndGet() == 0) {
        throw new ErgoKvException("injected: the connection died before the commit was sent");
      }
      tx.commit();
      written.stream()
          .map(RawKeys.Hex::encode)
          .distinct()
          .forEach(
              key -> committedWrites.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
    }
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
