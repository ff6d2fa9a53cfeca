package dev.ergokv.localcluster.internal.embedded;

import java.util.List;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * The checks TiKV makes before serving a request: the region exists on this store, the epoch in
 * the request context is current, and every key lies inside the region. Failures become region
 * errors the client knows how to recover from.
 */
final class RegionGuard {

  private final RegionTable regions;

  RegionGuard(RegionTable regions) {
    this.regions = regions;
  }

  /** The region the context addresses, if it is current. */
  RegionMeta check(Kvrpcpb.Context ctx) {
    RegionMeta region = regions.byId(ctx.getRegionId());
    if (region == null) {
      throw new RegionErrorException(
          Errorpb.Error.newBuilder()
              .setMessage("region " + ctx.getRegionId() + " not found")
              .setRegionNotFound(Errorpb.RegionNotFound.newBuilder().setRegionId(ctx.getRegionId()))
              .build());
    }
    if (ctx.hasPeer() && ctx.getPeer().getStoreId() != RegionMeta.STORE_ID) {
      throw new RegionErrorException(
          Errorpb.Error.newBuilder()
              .setMessage("store not match: request store " + ctx.getPeer().getStoreId())
              .setStoreNotMatch(
                  Errorpb.StoreNotMatch.newBuilder()
                      .setRequestStoreId(ctx.getPeer().getStoreId())
                      .setActualStoreId(RegionMeta.STORE_ID))
              .build());
    }
    Metapb.RegionEpoch epoch = ctx.getRegionEpoch();
    if (epoch.getVersion() != region.version || epoch.getConfVer() != region.confVersion) {
      throw new RegionErrorException(epochNotMatch(region, epoch.getVersion()));
    }
    return region;
  }

  /** Region error EpochNotMatch for a client that still believes in {@code staleVersion}. */
  Errorpb.Error epochNotMatch(RegionMeta region, long staleVersion) {
    List<RegionMeta> current = regions.successorsOf(region, staleVersion);
    Errorpb.EpochNotMatch.Builder enm = Errorpb.EpochNotMatch.newBuilder();
    for (RegionMeta r : current) {
      enm.addCurrentRegions(r.proto());
    }
    return Errorpb.Error.newBuilder()
        .setMessage(
            "epoch not match: request version " + staleVersion + ", current " + region)
        .setEpochNotMatch(enm)
        .build();
  }

  /** The transactional key must lie in the region (its memcomparable encoding in the bounds). */
  static void requireUserKey(RegionMeta region, byte[] key) {
    if (!region.containsUserKey(key)) {
      throw keyNotInRegion(region, key);
    }
  }

  static void requireUserKeys(RegionMeta region, List<byte[]> keys) {
    for (byte[] key : keys) {
      requireUserKey(region, key);
    }
  }

  /** The raw key, compared byte for byte, must lie in the region. */
  static void requireRawKey(RegionMeta region, byte[] key) {
    if (!region.containsBytes(key)) {
      throw keyNotInRegion(region, key);
    }
  }

  static RegionErrorException keyNotInRegion(RegionMeta region, byte[] key) {
    return new RegionErrorException(
        Errorpb.Error.newBuilder()
            .setMessage("key " + Bytes.readable(key) + " is not in " + region)
            .setKeyNotInRegion(
                Errorpb.KeyNotInRegion.newBuilder()
                    .setKey(ByteString.copyFrom(key))
                    .setRegionId(region.id)
                    .setStartKey(ByteString.copyFrom(region.start))
                    .setEndKey(ByteString.copyFrom(region.end)))
            .build());
  }

  static Errorpb.Error notLeader(long regionId, Metapb.Peer leader) {
    Errorpb.NotLeader.Builder nl = Errorpb.NotLeader.newBuilder().setRegionId(regionId);
    if (leader != null) {
      nl.setLeader(leader);
    }
    return Errorpb.Error.newBuilder()
        .setMessage("peer is not leader for region " + regionId)
        .setNotLeader(nl)
        .build();
  }

  static Errorpb.Error serverIsBusy() {
    return Errorpb.Error.newBuilder()
        .setMessage("server is busy")
        .setServerIsBusy(Errorpb.ServerIsBusy.newBuilder().setReason("injected fault"))
        .build();
  }
}
