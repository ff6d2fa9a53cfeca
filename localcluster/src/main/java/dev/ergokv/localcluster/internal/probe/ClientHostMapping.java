package dev.ergokv.localcluster.internal.probe;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tikv.common.HostMapping;
import org.tikv.common.pd.PDUtils;

/**
 * tikv-client-java's {@link HostMapping} over a fixed table of advertised {@code host:port} to
 * reachable {@code host:port} — what {@code LocalCluster.hostMapping()} returns. The client
 * passes every PD member and store address through it before dialing.
 */
public final class ClientHostMapping implements HostMapping {

  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, String> table;

  public ClientHostMapping(Map<String, String> table) {
    this.table = new LinkedHashMap<>(table);
  }

  @Override
  public URI getMappedURI(URI uri) {
    String mapped = table.get(uri.getHost() + ":" + uri.getPort());
    return mapped == null ? uri : PDUtils.addrToUri(mapped);
  }

  @Override
  public String toString() {
    return "ClientHostMapping" + table;
  }
}
