package dev.ergokv.internal.txn.tikv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.EngineConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's host mapping: advertised store addresses to reachable ones. */
class MappedHostsTest {

  @Test
  void mapsAdvertisedAddressesAndLeavesOthersAlone() {
    MappedHosts hosts = new MappedHosts(Map.of("tikv0:20160", "127.0.0.1:32771"));

    assertThat(hosts.getMappedURI(URI.create("http://tikv0:20160"))).isEqualTo(URI.create("http://127.0.0.1:32771"));
    assertThat(hosts.getMappedURI(URI.create("http://tikv1:20160"))).isEqualTo(URI.create("http://tikv1:20160"));
    assertThat(hosts.getMappedURI(URI.create("http://tikv0:20161"))).isEqualTo(URI.create("http://tikv0:20161"));
  }

  @Test
  void theEnginesSessionUsesTheConfiguredMapping() {
    try (EngineFixture fixture = EngineFixture.start()) {
      String endpoint = fixture.cluster.pdEndpoints().get(0);
      // The same server under another name: the mapping is taken, and transactions still work.
      String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
      EngineConfig config =
          new EngineConfig(
              fixture.cluster.pdEndpoints(), Map.of(endpoint, "localhost:" + port), null,
              Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
      try (TikvEngine engine = TikvEngine.connect(config, TikvEngine.Tuning.DEFAULT)) {
        assertThat(engine.session().getPDClient().getHostMapping().getMappedURI(URI.create("http://" + endpoint)))
            .isEqualTo(URI.create("http://localhost:" + port));
        EngineFixture.write(engine, "mapped/k", "v");
        assertThat(EngineFixture.read(engine, "mapped/k")).isEqualTo("v");
      }
    }
  }
}
