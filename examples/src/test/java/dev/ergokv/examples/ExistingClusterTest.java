package dev.ergokv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExistingClusterTest {

  @Test
  void withoutAnAddressItSaysHowToRunItAndDoesNothing() throws Exception {
    ExampleProcess run = ExampleProcess.run(ExistingCluster.class, List.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("-Dpd=127.0.0.1:2379").contains("Nothing was done.");
  }

  @Test
  void connectsToTheClusterItIsGiven() throws Exception {
    try (LocalCluster cluster =
        LocalCluster.start(LocalClusterOptions.builder().backend(Backend.EMBEDDED).build())) {
      ExampleProcess run =
          ExampleProcess.run(ExistingCluster.class, List.of("-Dpd=" + cluster.pdAddresses()));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains("Connecting to PD at " + cluster.pdAddresses())
          .contains("Saved and read back, in keyspace \"ergokv-example\": visitor-")
          .contains("Deleted it again. Done.");
    }
  }

  @Test
  void anUnreachableClusterIsAClearErrorAndAFailedExit() throws Exception {
    ExampleProcess run = ExampleProcess.run(ExistingCluster.class, List.of(), "127.0.0.1:1");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("Could not reach the cluster").contains("127.0.0.1:1");
  }
}
