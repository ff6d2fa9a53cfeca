package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.embedded.RegionInfo;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * One region, immutable. Boundaries are kept as TiKV keeps them: memcomparable-encoded ({@link
 * #start}, {@link #end}; empty end = +inf). Transactional keys are checked in encoded space, which
 * is the same as checking the user key against the decoded boundaries ({@link #userStart}, {@link
 * #userEnd}); raw keys are compared with the encoded boundaries byte for byte, as TiKV does in API
 * v1.
 */
final class RegionMeta {

  static final long STORE_ID = 1;

  final long id;
  final long peerId;
  final long version;
  final long confVersion;
  final byte[] start;
  final byte[] end;
  final byte[] userStart;
  final byte[] userEnd;
  private final Metapb.Region proto;
  private final Metapb.Peer leader;

  RegionMeta(long id, long peerId, byte[] start, byte[] end, long version, long confVersion) {
    this.id = id;
    this.peerId = peerId;
    this.start = start;
    this.end = end;
    this.version = version;
    this.confVersion = confVersion;
    this.userStart = start.length == 0 ? Bytes.EMPTY : MemComparable.decode(start);
    this.userEnd = end.length == 0 ? Bytes.EMPTY : MemComparable.decode(end);
    this.leader = Metapb.Peer.newBuilder().setId(peerId).setStoreId(STORE_ID).build();
    this.proto =
        Metapb.Region.newBuilder()
            .setId(id)
            .setStartKey(ByteString.copyFrom(start))
            .setEndKey(ByteString.copyFrom(end))
            .setRegionEpoch(
                Metapb.RegionEpoch.newBuilder().setConfVer(confVersion).setVersion(version))
            .addPeers(leader)
            .build();
  }

  Metapb.Region proto() {
    return proto;
  }

  Metapb.Peer leader() {
    return leader;
  }

  /** Whether raw-compared bytes fall in this region: encoded keys (PD queries) and raw keys. */
  boolean containsBytes(byte[] key) {
    return Bytes.compare(key, start) >= 0 && (end.length == 0 || Bytes.compare(key, end) < 0);
  }

  /** Whether a transactional user key falls in this region (its encoding lies in the bounds). */
  boolean containsUserKey(byte[] userKey) {
    return Bytes.compare(userKey, userStart) >= 0
        && (end.length == 0 || Bytes.compare(userKey, userEnd) < 0);
  }

  /** Whether this region overlaps the encoded range [from, to) (empty {@code to} = +inf). */
  boolean overlaps(byte[] from, byte[] to) {
    boolean startsBeforeTo = to.length == 0 || Bytes.compare(start, to) < 0;
    boolean endsAfterFrom = end.length == 0 || Bytes.compare(end, from) > 0;
    return startsBeforeTo && endsAfterFrom;
  }

  RegionInfo info() {
    return new RegionInfo(id, userStart, userEnd, version);
  }

  @Override
  public String toString() {
    return "region "
        + id
        + " [" + Bytes.readable(userStart) + ", " + (end.length == 0 ? "+inf" : Bytes.readable(userEnd))
        + ") epoch v" + version;
  }
}
