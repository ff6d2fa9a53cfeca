package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Account;
import dev.ergokv.entities.User;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** transact/read: retry on conflict, rollback on error, thread binding; write skew and lock(). */
abstract class TransactScenarios extends Scenarios {

  @Test
  void transactRetriesTheWholeUnitOnAWriteConflict() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new Account("a", 100)));
    AtomicInteger attempts = new AtomicInteger();

    kv.transact(
        tx -> {
          Account account = tx.load(Account.class, "a").orElseThrow();
          if (attempts.incrementAndGet() == 1) {
            // Another writer commits first: this attempt must fail and run again.
            try (Transaction other = kv.begin()) {
              other.load(Account.class, "a").orElseThrow().withdraw(30);
              other.commit();
            }
          }
          account.withdraw(10);
        });

    assertThat(attempts).hasValue(2);
    assertThat(stored(kv, Account.class, "a").balance()).isEqualTo(60);
  }

  @Test
  void retriesAreBoundedAndThenTheConflictIsThrown() {
    ErgoKv kv = backend().open(b -> b.retry(3, Duration.ofMillis(1), Duration.ofMillis(2)));
    kv.transact(tx -> tx.save(new Account("a", 100)));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.load(Account.class, "a").orElseThrow().withdraw(1);
                      try (Transaction other = kv.begin()) {
                        other.load(Account.class, "a").orElseThrow().withdraw(10);
                        other.commit();
                      }
                    }))
        .isInstanceOf(WriteConflictException.class);

    assertThat(attempts).hasValue(3);
    assertThat(stored(kv, Account.class, "a").balance()).isEqualTo(70);
  }

  @Test
  void otherErrorsRollBackAndAreNotRetried() {
    ErgoKv kv = kv();
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.save(new Account("a", 100));
                      throw new IllegalStateException("business rule");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("business rule");

    assertThat(attempts).hasValue(1);
    assertThat(exists(kv, Account.class, "a")).isFalse();
  }

  @Test
  void aUniqueViolationIsNotRetried() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new User(1, "alice", "R&D", 30)));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.save(new User(2, "alice", "R&D", 30));
                    }))
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void transactResultReturnsTheWorksResult() {
    ErgoKv kv = kv();

    long balance = kv.transactResult(tx -> tx.save(new Account("a", 42)).balance());

    assertThat(balance).isEqualTo(42);
    assertThat(stored(kv, Account.class, "a").balance()).isEqualTo(42);
  }

  @Test
  void writeSkewHappensWithoutLockAndIsPreventedWithIt() {
    // Rule: a + b >= 0. Each transaction checks the rule on both accounts, then withdraws from
    // its own. Without lock() both commit and break the rule (write skew).
    ErgoKv kv = kv();
    kv.transact(
        tx -> {
          tx.save(new Account("a", 50));
          tx.save(new Account("b", 50));
        });

    runSkew(kv, false);
    assertThat(stored(kv, Account.class, "a").balance() + stored(kv, Account.class, "b").balance())
        .isEqualTo(-100);

    kv.transact(
        tx -> {
          tx.save(new Account("a", 50));
          tx.save(new Account("b", 50));
        });
    assertThatThrownBy(() -> runSkew(kv, true)).isInstanceOf(WriteConflictException.class);
    assertThat(stored(kv, Account.class, "a").balance()).isEqualTo(-50);
    assertThat(stored(kv, Account.class, "b").balance()).isEqualTo(50);
  }

  private static void runSkew(ErgoKv kv, boolean lock) {
    try (Transaction first = kv.begin();
        Transaction second = kv.begin()) {
      withdrawIfCovered(first, "a", "b", lock);
      withdrawIfCovered(second, "b", "a", lock);
      first.commit();
      long started = System.nanoTime();
      try {
        second.commit();
      } finally {
        // The conflict is found in the first prewrite round trip, not after a backoff.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
      }
    }
  }

  private static void withdrawIfCovered(Transaction tx, String own, String other, boolean lock) {
    Account mine = tx.load(Account.class, own).orElseThrow();
    Account theirs = tx.load(Account.class, other).orElseThrow();
    if (mine.balance() + theirs.balance() >= 100) {
      mine.withdraw(100);
      if (lock) {
        tx.lock(theirs);
      }
    }
  }

  @Test
  void manualTransactionsCommitOrRollBack() {
    ErgoKv kv = kv();

    try (Transaction tx = kv.begin()) {
      tx.save(new Account("kept", 1));
      tx.commit();
    }
    try (Transaction tx = kv.begin()) {
      tx.save(new Account("dropped", 1));
      tx.rollback();
      assertThat(tx.isOpen()).isFalse();
    }

    assertThat(exists(kv, Account.class, "kept")).isTrue();
    assertThat(exists(kv, Account.class, "dropped")).isFalse();
  }

  @Test
  void aTransactionRunByTransactCannotBeCommittedByTheWork() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> kv.transact(Transaction::commit))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run by ErgoKv.transact");
    assertThatThrownBy(() -> kv.transact(Transaction::rollback))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("throw from the work");
  }

  @Test
  void nestedUnitsOfWorkJoinTheOuterOne() {
    ErgoKv kv = kv();

    assertThatThrownBy(
            () ->
                kv.transact(
                    outer -> {
                      kv.transact(inner -> {
                        assertThat(inner).isSameAs(outer);
                        inner.save(new Account("a", 1));
                      });
                      assertThat(load(kv, Account.class, "a")).isPresent();
                      throw new IllegalStateException("roll back everything");
                    }))
        .hasMessage("roll back everything");

    assertThat(exists(kv, Account.class, "a")).isFalse();
  }

  @Test
  void writingInsideAReadIsRefused() {
    ErgoKv kv = kv();

    assertThatThrownBy(() -> kv.read(tx -> {
              kv.transact(inner -> inner.save(new Account("a", 1)));
              return null;
            }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside ErgoKv.read");
  }

  @Test
  void aReadSeesOneSnapshot() {
    ErgoKv kv = kv();
    kv.transact(tx -> tx.save(new Account("a", 1)));

    try (ReadTransaction read = kv.beginRead()) {
      kv.transact(tx -> tx.load(Account.class, "a").orElseThrow().withdraw(1));
      kv.transact(tx -> tx.save(new Account("b", 1)));
      assertThat(read.load(Account.class, "a").orElseThrow().balance()).isEqualTo(1);
      assertThat(read.exists(Account.class, "b")).isFalse();
      assertThat(read.count(Account.class)).isEqualTo(1);
    }
  }
}
