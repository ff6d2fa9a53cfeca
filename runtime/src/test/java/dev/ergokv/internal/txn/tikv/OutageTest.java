package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster goes away: how long a commit takes to fail, what it says, and how a client comes back. */
class OutageTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
  /** What one operation may take: 3 request timeouts. */
  private static final Duration BUDGET = REQUEST_TIMEOUT.multipliedBy(3);

  /** Stops the embedded server (PD and TiKV) at once, by a write that crashes it. */
  private static void crash(EngineFixture fixture) {
    fixture.embedded.crashAfterNextPrewrite();
    TikvEngine victim = fixture.engine(REQUEST_TIMEOUT, EngineFixture.LOCK_TTL, TikvEngine.Tuning.DEFAULT);
    // Its prewrite (1PC) was applied, its answer lost, and nobody can be asked: unknown.
    assertThatThrownBy(() -> write(victim, "crash/k", "v")).isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(fixture.embedded.isServing()).isFalse();
  }

  @Test
  void aCommitToADeadClusterFailsAfterOneBudgetNamingTheStore() {
    try (EngineFixture fixture = EngineFixture.start("m")) {
      TikvEngine engine = fixture.engine(REQUEST_TIMEOUT, EngineFixture.LOCK_TTL, TikvEngine.Tuning.DEFAULT);
      write(engine, "a-dead/k", "a"); // routes cached
      write(engine, "z-dead/k", "z");
      KvTransaction tx = engine.begin();
      tx.put(b("a-dead/k"), b("a2"));
      tx.put(b("z-dead/k"), b("z2"));
      crash(fixture);

      long start = System.nanoTime();
      assertThatThrownBy(tx::commit)
          .isInstanceOf(ClusterUnavailableException.class)
          .hasMessageStartingWith("KvPrewrite")
          .hasMessageContaining("TiKV at " + fixture.embedded.pdEndpoint());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // One budget for the prewrite, not another one for a rollback (the dead store refused every
      // connection, so nothing was written to roll back). Bounded failure time is the contract
      // here; the slack covers a loaded machine.
      assertThat(took).isLessThan(BUDGET.multipliedBy(2).minus(Duration.ofMillis(200)));
      fixture.embedded.restart();
    }
  }

  @Test
  void aClientThatLivedThroughAnOutageWorksAgainAsSoonAsTheClusterIsBack() {
    try (EngineFixture fixture = EngineFixture.start()) {
      TikvEngine survivor = fixture.engine(REQUEST_TIMEOUT, EngineFixture.LOCK_TTL, TikvEngine.Tuning.DEFAULT);
      write(survivor, "outage/k", "before");
      crash(fixture);
      // 20 s, during which the application keeps trying: gRPC's reconnect backoff grows (1 s,
      // 1.6 s, 2.6 s, 4.1 s, 6.6 s, 10.5 s, ...).
      long outageEnd = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int failed = 0;
      while (System.nanoTime() < outageEnd) {
        assertThatThrownBy(() -> read(survivor, "outage/k")).isInstanceOf(ClusterUnavailableException.class);
        failed++;
      }
      assertThat(failed).isPositive();
      fixture.embedded.restart();
      // A fresh client works at once; so must this one, within the budget of its first operation.
      assertThat(read(survivor, "outage/k")).isEqualTo("before");
      write(survivor, "outage/k", "after");
      assertThat(read(fixture.engine(), "outage/k")).isEqualTo("after");
    }
  }
}
