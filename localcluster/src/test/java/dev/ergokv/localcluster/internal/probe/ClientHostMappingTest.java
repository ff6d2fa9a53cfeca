package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientHostMappingTest {

  private final ClientHostMapping mapping =
      new ClientHostMapping(Map.of("tikv:20160", "localhost:32768", "pd:2379", "localhost:32769"));

  @Test
  void mapsAdvertisedAddressesToReachableOnes() {
    assertThat(mapping.getMappedURI(URI.create("http://tikv:20160")))
        .isEqualTo(URI.create("http://localhost:32768"));
    assertThat(mapping.getMappedURI(URI.create("http://pd:2379")))
        .isEqualTo(URI.create("http://localhost:32769"));
  }

  @Test
  void leavesOtherAddressesAlone() {
    URI direct = URI.create("http://localhost:32769");
    assertThat(mapping.getMappedURI(direct)).isSameAs(direct);
    // The port is part of the key: the same host on another port is not mapped.
    URI otherPort = URI.create("http://tikv:20161");
    assertThat(mapping.getMappedURI(otherPort)).isSameAs(otherPort);
  }
}
