package dev.ergokv.localcluster.internal.tiup;

import dev.ergokv.localcluster.internal.probe.ClientTransactionCheck;
import dev.ergokv.localcluster.internal.probe.PdHttpStores;
import dev.ergokv.localcluster.internal.probe.StoresSource;
import dev.ergokv.localcluster.internal.probe.TransactionCheck;
import dev.ergokv.localcluster.internal.process.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What the TiUP backend takes from its surroundings, so tests can substitute fakes: the
 * environment it searches for {@code tiup}, the ports it hands out, how it asks PD for stores and
 * how it runs the final transaction.
 */
record TiupSettings(
    Map<String, String> environment,
    Path userHome,
    IntFunction<List<Integer>> ports,
    Function<String, StoresSource> storesFor,
    TransactionCheck transaction,
    Duration stopGrace) {

  static TiupSettings fromSystem() {
    return new TiupSettings(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        FreePorts::allocate,
        PdHttpStores::new,
        new ClientTransactionCheck(),
        Duration.ofSeconds(15));
  }
}
