package dev.ergokv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  @Test
  void printsEveryStepAndExitsByItself() throws Exception {
    ExampleProcess run = ExampleProcess.run(QuickStart.class, List.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("1. Started the cluster (embedded backend)")
        .contains("2. Saved 3 users in one transaction")
        .contains("3. Loaded by key")
        .contains("-> ada <ada@example.com>, research")
        .contains("4. Found by unique username \"grace\"")
        .contains("-> grace <grace@example.com>, navy")
        .contains("5. Found by department \"research\": 2 users")
        .contains("read back: lovelace@example.com")
        .contains("7. Deleted alan (he existed)")
        .contains("load by key -> nothing")
        .contains("department \"research\" now -> [ada]")
        .contains("Done: the cluster is stopped")
        // The client's own start-up chatter is configured away.
        .doesNotContain("tikv.properties")
        .doesNotContain("INFO");
  }
}
