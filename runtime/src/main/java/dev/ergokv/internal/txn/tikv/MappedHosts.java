package dev.ergokv.internal.txn.tikv;

import java.net.URI;
import java.util.Map;
import org.tikv.common.HostMapping;

/**
 * The client's {@link HostMapping} from a plain map of advertised {@code host:port} to reachable
 * {@code host:port} (stores in containers advertise names only their network resolves).
 * Addresses not in the map are used as they are.
 */
final class MappedHosts implements HostMapping {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> mapping;

  MappedHosts(Map<String, String> mapping) {
    this.mapping = Map.copyOf(mapping);
  }

  @Override
  public URI getMappedURI(URI uri) {
    String mapped = mapping.get(uri.getHost() + ":" + uri.getPort());
    if (mapped == null) {
      return uri;
    }
    return URI.create(mapped.contains("://") ? mapped : uri.getScheme() + "://" + mapped);
  }
}
