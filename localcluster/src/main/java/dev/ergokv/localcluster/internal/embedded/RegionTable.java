package dev.ergokv.localcluster.internal.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The region layout of the one store: PD's region table and TiKV's region set at once. Readers
 * see an immutable snapshot; splits replace it. Past ranges are remembered per (region, version)
 * so that a request with a stale epoch can be answered with every region that now covers the range
 * the client still believes in.
 */
final class RegionTable {

  private static final long INITIAL_VERSION = 1;
  private static final long INITIAL_CONF_VERSION = 1;

  private final AtomicLong ids = new AtomicLong(1);
  private final Map<Long, NavigableMap<Long, byte[][]>> history = new HashMap<>();
  private volatile Layout layout;

  RegionTable() {
    long id = ids.incrementAndGet();
    RegionMeta first =
        new RegionMeta(
            id, ids.incrementAndGet(), Bytes.EMPTY, Bytes.EMPTY, INITIAL_VERSION, INITIAL_CONF_VERSION);
    layout = new Layout(List.of(first));
    remember(first);
  }

  /** The region holding these bytes (an encoded key, or a raw key compared as is). */
  RegionMeta byBytes(byte[] key) {
    return layout.byStart.floorEntry(key).getValue();
  }

  RegionMeta byId(long id) {
    return layout.byId.get(id);
  }

  List<RegionMeta> all() {
    return layout.ordered;
  }

  /** Regions overlapping the encoded range [from, to), at most {@code limit} (0 = unlimited). */
  List<RegionMeta> scan(byte[] from, byte[] to, int limit) {
    List<RegionMeta> out = new ArrayList<>();
    for (RegionMeta r : layout.ordered) {
      if (r.overlaps(from, to)) {
        out.add(r);
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The regions a client with a stale view of {@code current} should learn about: those covering
   * the range the region had at {@code staleVersion}, or just the region itself if that range is
   * unknown.
   */
  synchronized List<RegionMeta> successorsOf(RegionMeta current, long staleVersion) {
    NavigableMap<Long, byte[][]> versions = history.get(current.id);
    byte[][] range = versions == null ? null : versions.get(staleVersion);
    if (range == null) {
      return List.of(current);
    }
    return scan(range[0], range[1], 0);
  }

  /**
   * Splits at these encoded keys. Like TiKV with right-derive, the original region keeps the
   * rightmost part; the new left parts get fresh ids; every resulting region's version grows by
   * the number of splits of the original.
   */
  synchronized void split(List<byte[]> encodedKeys) {
    List<byte[]> keys = new ArrayList<>(encodedKeys);
    keys.sort(Bytes.ORDER);
    List<RegionMeta> next = new ArrayList<>(layout.ordered);
    for (int i = 0; i < next.size(); i++) {
      RegionMeta r = next.get(i);
      List<byte[]> inside = new ArrayList<>();
      for (byte[] k : keys) {
        if (r.containsBytes(k)
            && Bytes.compare(k, r.start) != 0
            && (inside.isEmpty() || Bytes.compare(inside.get(inside.size() - 1), k) != 0)) {
          inside.add(k);
        }
      }
      if (inside.isEmpty()) {
        continue;
      }
      long version = r.version + inside.size();
      List<RegionMeta> parts = new ArrayList<>(inside.size() + 1);
      byte[] from = r.start;
      for (byte[] k : inside) {
        parts.add(new RegionMeta(ids.incrementAndGet(), ids.incrementAndGet(), from, k, version, r.confVersion));
        from = k;
      }
      parts.add(new RegionMeta(r.id, r.peerId, from, r.end, version, r.confVersion));
      next.remove(i);
      next.addAll(i, parts);
      i += parts.size() - 1;
      parts.forEach(this::remember);
    }
    layout = new Layout(next);
  }

  /** Splits one region at these encoded keys (all inside it) and returns what it became. */
  synchronized List<RegionMeta> splitRegion(RegionMeta region, List<byte[]> encodedKeys) {
    split(encodedKeys);
    return scan(region.start, region.end, 0);
  }

  private void remember(RegionMeta r) {
    history.computeIfAbsent(r.id, k -> new TreeMap<>()).put(r.version, new byte[][] {r.start, r.end});
  }

  private static final class Layout {
    final List<RegionMeta> ordered;
    final NavigableMap<byte[], RegionMeta> byStart = new TreeMap<>(Bytes.ORDER);
    final Map<Long, RegionMeta> byId = new HashMap<>();

    Layout(List<RegionMeta> ordered) {
      this.ordered = Collections.unmodifiableList(new ArrayList<>(ordered));
      for (RegionMeta r : ordered) {
        byStart.put(r.start, r);
        byId.put(r.id, r);
      }
    }
  }
}
