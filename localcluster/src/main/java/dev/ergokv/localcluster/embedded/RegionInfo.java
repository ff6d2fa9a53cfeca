package dev.ergokv.localcluster.embedded;

import java.util.HexFormat;

/**
 * One region of an {@link EmbeddedCluster}, as a snapshot. Boundaries are user keys; an empty
 * start key means "from the first key", an empty end key means "to the last key". Immutable.
 */
public final class RegionInfo {

  private final long id;
  private final byte[] startKey;
  private final byte[] endKey;
  private final long version;

  /**
   * Creates a region snapshot.
   *
   * @param id the region id
   * @param startKey the inclusive start (user key), empty for the first region
   * @param endKey the exclusive end (user key), empty for the last region
   * @param version the region epoch version, bumped by every split of the region
   */
  public RegionInfo(long id, byte[] startKey, byte[] endKey, long version) {
    this.id = id;
    this.startKey = startKey.clone();
    this.endKey = endKey.clone();
    this.version = version;
  }

  /** The region id. */
  public long id() {
    return id;
  }

  /** The inclusive start key (a user key); empty for the first region. */
  public byte[] startKey() {
    return startKey.clone();
  }

  /** The exclusive end key (a user key); empty for the last region. */
  public byte[] endKey() {
    return endKey.clone();
  }

  /** The epoch version; every split of this region increases it. */
  public long version() {
    return version;
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "Region["
        + id
        + " ["
        + hex.formatHex(startKey)
        + ", "
        + (endKey.length == 0 ? "+inf" : hex.formatHex(endKey))
        + ") v"
        + version
        + "]";
  }
}
