package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Account;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.testing.ForwardingEngine;
import dev.ergokv.testing.InMemoryEngine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What {@link ErgoKv#transact} retries, and how long: write conflicts within a time budget (so a
 * contended workload does not fail after a fixed small number of attempts); an unknown commit
 * outcome never (running the work again could apply it twice).
 */
class TransactRetryTest {

  /** An engine whose commits fail with {@code failure} the first {@code times} times. */
  private static final class FailingCommits extends ForwardingEngine {
    private final AtomicInteger left;
    private final RuntimeException failure;
    final AtomicInteger commits = new AtomicInteger();

    FailingCommits(int times, RuntimeException failure) {
      super(new InMemoryEngine());
      this.left = new AtomicInteger(times);
      this.failure = failure;
    }

    @Override
    protected KvTransaction wrap(KvTransaction tx) {
      return new Transaction(tx) {
        @Override
        public void commit() {
          commits.incrementAndGet();
          if (left.getAndDecrement() > 0) {
            tx.rollback();
            throw failure;
          }
          super.commit();
        }
      };
    }
  }

  private static WriteConflictException conflict() {
    return new WriteConflictException("Account/acc", "key Account/acc was written by another transaction", null);
  }

  @Test
  void byDefaultAUnitOfWorkOutlastsManyConflictsInARow() {
    // 25 conflicts in a row: more than a fixed small number of attempts allows.
    FailingCommits engine = new FailingCommits(25, conflict());
    try (ErgoKv kv = TestKv.on(engine, "retry-default", b -> b.retry(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO))) {
      kv.transact(tx -> tx.save(new Account("acc", 1)));
    }
    assertThat(engine.commits).hasValue(26);
    FailingCommits defaults = new FailingCommits(25, conflict());
    try (ErgoKv kv = TestKv.on(defaults, "retry-default", b -> b)) {
      kv.transact(tx -> tx.save(new Account("acc", 1)));
    }
    assertThat(defaults.commits).hasValue(26);
  }

  @Test
  void conflictsAreRetriedOnlyWithinTheBudget() {
    FailingCommits engine = new FailingCommits(Integer.MAX_VALUE, conflict());
    try (ErgoKv kv = TestKv.on(engine, "retry-budget", b -> b.retryBudget(Duration.ofMillis(100)))) {
      assertThatThrownBy(() -> kv.transact(tx -> tx.save(new Account("acc", 1))))
          .isInstanceOf(WriteConflictException.class);
    }
    assertThat(engine.commits.get()).isGreaterThan(1);
    FailingCommits once = new FailingCommits(Integer.MAX_VALUE, conflict());
    try (ErgoKv kv = TestKv.on(once, "retry-budget", b -> b.retryBudget(Duration.ZERO))) {
      assertThatThrownBy(() -> kv.transact(tx -> tx.save(new Account("acc", 1))))
          .isInstanceOf(WriteConflictException.class);
    }
    assertThat(once.commits).hasValue(1);
  }

  @Test
  void anUnknownCommitOutcomeIsNeverRetried() {
    FailingCommits engine =
        new FailingCommits(1, new CommitOutcomeUnknownException(42, "the answer was lost", null));
    try (ErgoKv kv = TestKv.on(engine, "retry-unknown", b -> b)) {
      assertThatThrownBy(() -> kv.transact(tx -> tx.save(new Account("acc", 1))))
          .isInstanceOf(CommitOutcomeUnknownException.class);
    }
    assertThat(engine.commits).hasValue(1);
  }
}
