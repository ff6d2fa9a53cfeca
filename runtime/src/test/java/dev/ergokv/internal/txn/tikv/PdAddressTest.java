package dev.ergokv.internal.txn.tikv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.internal.txn.EngineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A PD address that is not host:port fails at once, naming it, instead of after the connect timeout. */
class PdAddressTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "not an address", "127.0.0.1:0", "127.0.0.1:99999", "host:2379/path"})
  void aMalformedPdAddressIsRefusedAtOnceNamingIt(String address) {
    // A connect timeout far beyond any test's patience: only an immediate refusal passes.
    EngineConfig config =
        new EngineConfig(
            List.of(address), Map.of(), null, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThatThrownBy(() -> TikvEngine.connect(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + address + "'")
        .hasMessageContaining("host:port");
  }
}
