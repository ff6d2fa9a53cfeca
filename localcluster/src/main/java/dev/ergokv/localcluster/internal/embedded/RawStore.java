package dev.ergokv.localcluster.internal.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * Raw key-value storage (API v1 with TTL enabled): one sorted map, keys as the raw client sends
 * them. A TTL is in seconds and judged against the cluster clock, so advancing the clock expires
 * keys. Every single-key operation, compare-and-swap included, is atomic.
 */
final class RawStore {

  /** A stored value and its expiry (epoch seconds of the cluster clock, 0 = never). */
  private static final class Entry {
    final byte[] value;
    final long expiresAtSecond;

    Entry(byte[] value, long expiresAtSecond) {
      this.value = value;
      this.expiresAtSecond = expiresAtSecond;
    }
  }

  /** The outcome of a compare-and-swap: whether it swapped, and the value it found. */
  static final class CasResult {
    final boolean succeeded;
    final byte[] previous;

    CasResult(boolean succeeded, byte[] previous) {
      this.succeeded = succeeded;
      this.previous = previous;
    }
  }

  private final ConcurrentSkipListMap<byte[], Entry> data = new ConcurrentSkipListMap<>(Bytes.ORDER);
  private final HybridClock clock;

  RawStore(HybridClock clock) {
    this.clock = clock;
  }

  byte[] get(byte[] key) {
    Entry e = live(data.get(key), nowSecond());
    return e == null ? null : e.value;
  }

  void put(byte[] key, byte[] value, long ttlSeconds) {
    data.put(key, new Entry(value, expiry(ttlSeconds)));
  }

  void delete(byte[] key) {
    data.remove(key);
  }

  /** Remaining TTL in seconds (0 = no TTL), or -1 if the key does not exist. */
  long ttl(byte[] key) {
    long now = nowSecond();
    Entry e = live(data.get(key), now);
    if (e == null) {
      return -1;
    }
    return e.expiresAtSecond == 0 ? 0 : e.expiresAtSecond - now;
  }

  CasResult compareAndSwap(byte[] key, boolean expectAbsent, byte[] expected, byte[] value, long ttlSeconds) {
    long now = nowSecond();
    Entry replacement = new Entry(value, expiry(ttlSeconds));
    CasResult[] result = new CasResult[1];
    data.compute(
        key,
        (k, current) -> {
          Entry alive = live(current, now);
          byte[] previous = alive == null ? null : alive.value;
          boolean matches =
              expectAbsent ? previous == null : previous != null && java.util.Arrays.equals(previous, expected);
          result[0] = new CasResult(matches, previous);
          return matches ? replacement : alive;
        });
    return result[0];
  }

  /** Up to {@code limit} live pairs of [lower, upper) (empty upper = unbounded), maybe reversed. */
  List<Kvrpcpb.KvPair> scan(byte[] lower, byte[] upper, int limit, boolean keyOnly, boolean reverse) {
    List<Kvrpcpb.KvPair> out = new ArrayList<>();
    if (limit <= 0 || (upper.length != 0 && Bytes.compare(lower, upper) >= 0)) {
      return out;
    }
    long now = nowSecond();
    NavigableMap<byte[], Entry> range =
        upper.length == 0 ? data.tailMap(lower, true) : data.subMap(lower, true, upper, false);
    if (reverse) {
      range = range.descendingMap();
    }
    for (Map.Entry<byte[], Entry> e : range.entrySet()) {
      Entry alive = live(e.getValue(), now);
      if (alive == null) {
        continue;
      }
      Kvrpcpb.KvPair.Builder pair = Kvrpcpb.KvPair.newBuilder().setKey(ByteString.copyFrom(e.getKey()));
      if (!keyOnly) {
        pair.setValue(ByteString.copyFrom(alive.value));
      }
      out.add(pair.build());
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  void deleteRange(byte[] lower, byte[] upper) {
    if (upper.length != 0 && Bytes.compare(lower, upper) >= 0) {
      return;
    }
    (upper.length == 0 ? data.tailMap(lower, true) : data.subMap(lower, true, upper, false)).clear();
  }

  private long nowSecond() {
    return clock.nowMillis() / 1000;
  }

  private long expiry(long ttlSeconds) {
    return ttlSeconds <= 0 ? 0 : nowSecond() + ttlSeconds;
  }

  private static Entry live(Entry e, long nowSecond) {
    return e == null || (e.expiresAtSecond != 0 && e.expiresAtSecond <= nowSecond) ? null : e;
  }
}
