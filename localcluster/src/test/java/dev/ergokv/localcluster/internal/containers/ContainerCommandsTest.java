package dev.ergokv.localcluster.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandsTest {

  @Test
  void pdListensOnAllInterfacesAndAdvertisesItsNetworkAlias() {
    assertThat(ContainerCommands.pd())
        .containsExactly(
            "--name=pd",
            "--data-dir=/data/pd",
            "--client-urls=http://0.0.0.0:2379",
            "--advertise-client-urls=http://pd:2379",
            "--peer-urls=http://0.0.0.0:2380",
            "--advertise-peer-urls=http://pd:2380",
            "--initial-cluster=pd=http://pd:2380",
            "--config=/ergokv/pd.toml");
  }

  @Test
  void tikvAdvertisesItsNetworkAliasAndFindsPdByAlias() {
    assertThat(ContainerCommands.tikv())
        .containsExactly(
            "--addr=0.0.0.0:20160",
            "--advertise-addr=tikv:20160",
            "--status-addr=0.0.0.0:20180",
            "--pd-endpoints=http://pd:2379",
            "--data-dir=/data/tikv",
            "--config=/ergokv/tikv.toml");
  }

  @Test
  void hostMappingSendsEveryAdvertisedAddressToItsMappedPort() {
    assertThat(ContainerCommands.hostMapping("localhost", 32770, 32771))
        .containsExactly(
            Map.entry("pd:2379", "localhost:32770"), Map.entry("tikv:20160", "localhost:32771"));
  }
}
