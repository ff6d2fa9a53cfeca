package dev.ergokv.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LocalClusterOptionsTest {

  private static LocalClusterOptions override(Map<?, ?> properties, Map<String, String> env) {
    return LocalClusterOptions.builder().overrideFrom(properties, env).build();
  }

  private static LocalClusterOptions property(String value) {
    return override(Map.of("ergokv.cluster", value), Map.of());
  }

  @Test
  void defaultsAreTheEmbeddedBackend() {
    LocalClusterOptions options = LocalClusterOptions.defaults();

    assertThat(options.backend()).isEqualTo(Backend.EMBEDDED);
    assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.dataDirectory()).isEmpty();
    assertThat(options.binaryDirectory()).isEmpty();
    assertThat(options.tiupVersion()).isEqualTo("v7.1.0");
    assertThat(options.pdImage()).isEqualTo("pingcap/pd:v7.1.0");
    assertThat(options.tikvImage()).isEqualTo("pingcap/tikv:v7.1.0");
    assertThat(options.externalPdEndpoints()).isEmpty();
    assertThat(override(Map.of(), Map.of()).backend()).isEqualTo(Backend.EMBEDDED);
  }

  @Test
  void thePropertySelectsTheBackend() {
    assertThat(property("embedded").backend()).isEqualTo(Backend.EMBEDDED);
    assertThat(property("tiup").backend()).isEqualTo(Backend.TIUP);
    assertThat(property(" TIUP ").backend()).isEqualTo(Backend.TIUP);
    assertThat(property("containers").backend()).isEqualTo(Backend.CONTAINERS);
    assertThat(property("testcontainers").backend()).isEqualTo(Backend.CONTAINERS);
  }

  @Test
  void externalTakesCommaSeparatedEndpoints() {
    LocalClusterOptions options = property("external:10.0.0.1:2379, 10.0.0.2:2379 ,http://pd:2379");

    assertThat(options.backend()).isEqualTo(Backend.EXTERNAL);
    assertThat(options.externalPdEndpoints())
        .containsExactly("10.0.0.1:2379", "10.0.0.2:2379", "http://pd:2379");
  }

  @Test
  void thePropertyWinsOverTheEnvironmentVariable() {
    assertThat(override(Map.of("ergokv.cluster", "tiup"), Map.of("ERGOKV_CLUSTER", "containers")).backend())
        .isEqualTo(Backend.TIUP);
    assertThat(override(Map.of(), Map.of("ERGOKV_CLUSTER", "containers")).backend())
        .isEqualTo(Backend.CONTAINERS);
    // Set but blank counts as unset.
    assertThat(override(Map.of("ergokv.cluster", "  "), Map.of("ERGOKV_CLUSTER", "tiup")).backend())
        .isEqualTo(Backend.TIUP);
  }

  @Test
  void acceptsSystemPropertiesAsIs() {
    Properties properties = new Properties();
    properties.setProperty("ergokv.cluster", "external:127.0.0.1:2379");

    assertThat(override(properties, Map.of()).externalPdEndpoints()).containsExactly("127.0.0.1:2379");
  }

  @Test
  void theBinaryDirectoryOverrideIsReadFromPropertyOrEnvironment() {
    assertThat(override(Map.of("ergokv.cluster.binaries", "/opt/tikv/bin"), Map.of()).binaryDirectory())
        .hasValue(Path.of("/opt/tikv/bin"));
    assertThat(override(Map.of(), Map.of("ERGOKV_CLUSTER_BINARIES", "/srv/bin")).binaryDirectory())
        .hasValue(Path.of("/srv/bin"));
    assertThat(
            override(
                    Map.of("ergokv.cluster.binaries", "/a", "ergokv.cluster", "tiup"),
                    Map.of("ERGOKV_CLUSTER_BINARIES", "/b"))
                .binaryDirectory())
        .hasValue(Path.of("/a"));
    // The binary directory alone does not change the backend.
    assertThat(override(Map.of("ergokv.cluster.binaries", "/a"), Map.of()).backend())
        .isEqualTo(Backend.EMBEDDED);
  }

  @Test
  void anUnknownBackendIsRejectedNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> property("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ergokv.cluster=docker: expected embedded, tiup, containers or external:host:port[,host:port]");
    assertThatThrownBy(() -> override(Map.of(), Map.of("ERGOKV_CLUSTER", "tikv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ERGOKV_CLUSTER=tikv: expected");
  }

  @Test
  void externalWithoutEndpointsIsRejected() {
    assertThatThrownBy(() -> property("external"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ergokv.cluster=external: external needs PD endpoints, e.g. external:127.0.0.1:2379");
    assertThatThrownBy(() -> property("external:  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("external needs PD endpoints");
  }

  @Test
  void badExternalEndpointsAreRejectedNamingTheEndpoint() {
    assertThatThrownBy(() -> property("external:10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ergokv.cluster=external:10.0.0.1: PD endpoint '10.0.0.1' is not host:port (e.g. 127.0.0.1:2379)");
    assertThatThrownBy(() -> property("external:a:1,,b:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty PD endpoint");
    assertThatThrownBy(() -> property("external:pd:http"))
        .hasMessageContaining("'pd:http' is not host:port");
    assertThatThrownBy(() -> property("external:pd:70000"))
        .hasMessageContaining("'pd:70000' is not host:port");
    assertThatThrownBy(() -> property("external::2379"))
        .hasMessageContaining("':2379' is not host:port");
    assertThatThrownBy(() -> LocalClusterOptions.builder().external("https://pd/x:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyExternalTakesAValue() {
    assertThatThrownBy(() -> property("tiup:/opt/bin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only external takes a value")
        .hasMessageContaining("ergokv.cluster.binaries");
    assertThatThrownBy(() -> property("embedded:yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ergokv.cluster=embedded:yes: only external takes a value after ':'");
  }

  @Test
  void theExternalBackendNeedsEndpoints() {
    assertThatThrownBy(() -> LocalClusterOptions.builder().backend(Backend.EXTERNAL).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one PD endpoint");
  }

  @Test
  void startTimeoutMustBePositive() {
    assertThatThrownBy(() -> LocalClusterOptions.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalClusterOptions.builder().startTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalClusterOptions.builder().startTimeout(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toBuilderKeepsEverythingAndCopiesSplitKeys() {
    byte[] split = {1, 2, 3};
    LocalClusterOptions options =
        LocalClusterOptions.builder()
            .backend(Backend.TIUP)
            .splitKeys(split)
            .startTimeout(Duration.ofSeconds(5))
            .dataDirectory(Path.of("/tmp/d"))
            .tiupVersion("v8.1.0")
            .binaryDirectory(Path.of("/opt/b"))
            .pdImage("pd:x")
            .tikvImage("tikv:x")
            .build();
    split[0] = 9;

    LocalClusterOptions copy = options.toBuilder().build();

    assertThat(copy.backend()).isEqualTo(Backend.TIUP);
    assertThat(copy.splitKeys()).containsExactly(new byte[] {1, 2, 3});
    assertThat(copy.startTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(copy.dataDirectory()).hasValue(Path.of("/tmp/d"));
    assertThat(copy.tiupVersion()).isEqualTo("v8.1.0");
    assertThat(copy.binaryDirectory()).hasValue(Path.of("/opt/b"));
    assertThat(copy.pdImage()).isEqualTo("pd:x");
    assertThat(copy.tikvImage()).isEqualTo("tikv:x");
    options.splitKeys().get(0)[1] = 7;
    assertThat(options.splitKeys().get(0)).containsExactly(1, 2, 3);
  }
}
