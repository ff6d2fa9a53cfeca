package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Account;
import dev.ergokv.testing.InMemoryEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErgoKvBuilderTest {

  @Test
  void buildingWithoutACluster() {
    assertThatThrownBy(() -> ErgoKv.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pdAddresses");
    assertThatThrownBy(() -> ErgoKv.builder().pdAddresses(" , ").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidSettingsAreRefusedWhereTheyAreGiven() {
    ErgoKv.Builder builder = ErgoKv.builder();
    assertThatThrownBy(() -> builder.pageSize(0)).hasMessageContaining("pageSize");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> builder.lockTtl(Duration.ofSeconds(-1))).hasMessageContaining("lockTtl");
    assertThatThrownBy(() -> builder.connectTimeout(null)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> builder.retry(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> builder.keyspace(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keyspacesIsolateInstancesOnOneEngine() {
    InMemoryEngine engine = new InMemoryEngine();
    try (ErgoKv a = ErgoKv.builder().keyspace("a").buildOn(engine, false);
        ErgoKv ab = ErgoKv.builder().keyspace("ab").buildOn(engine, false);
        ErgoKv none = ErgoKv.builder().buildOn(engine, true)) {
      a.transact(tx -> tx.save(new Account("x", 1)));
      ab.transact(tx -> tx.save(new Account("x", 2)));

      assertThat(a.keyspace()).isEqualTo("a");
      assertThat(none.keyspace()).isEmpty();
      List<Long> balances =
          List.of(a, ab, none).stream()
              .map(kv -> kv.read(tx -> tx.all(Account.class).mapToLong(Account::balance).sum()))
              .toList();
      assertThat(balances).containsExactly(1L, 2L, 0L);
    }
  }
}
