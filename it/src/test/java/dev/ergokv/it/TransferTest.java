package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Money moved between accounts by concurrent transactions: conflicts are retried, none is lost. */
@EndToEnd(entities = Account.class)
class TransferTest {

  @Test
  void aTransferThatMeetsAConcurrentChangeRunsAgainOnFreshData(ErgoKv kv) throws Exception {
    long id = 1;
    kv.transact(tx -> tx.save(new Account(id, 100)));
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      kv.transact(
          tx -> {
            Account account = tx.load(Account.class, id).orElseThrow();
            account.withdraw(30);
            if (attempts.incrementAndGet() == 1) {
              // Another thread deposits and commits first: this attempt's commit must conflict.
              Future<?> deposit =
                  other.submit(
                      () -> kv.transact(o -> o.load(Account.class, id).orElseThrow().deposit(5)));
              awaitInWork(deposit);
            }
          });
    } finally {
      other.shutdownNow();
      assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(attempts).hasValue(2);
    long balance = kv.read(tx -> tx.load(Account.class, id).orElseThrow().getBalance());
    assertThat(balance).isEqualTo(100 + 5 - 30);
  }

  @Test
  void concurrentTransfersConserveMoneyAndLoseNoTransfer(ErgoKv kv) throws Exception {
    int accounts = 12;
    long initial = 1_000;
    long firstId = 100;
    int threads = 4;
    int transfersPerThread = 30;
    kv.transact(
        tx ->
            LongStream.range(firstId, firstId + accounts)
                .forEach(id -> tx.save(new Account(id, initial))));
    Map<Long, AtomicLong> expectedDelta = new ConcurrentHashMap<>();
    AtomicInteger attempts = new AtomicInteger();

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(42 + t);
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < transfersPerThread; i++) {
                  long from = firstId + random.nextInt(accounts);
                  long to = firstId + (from - firstId + 1 + random.nextInt(accounts - 1)) % accounts;
                  long amount = 1 + random.nextInt(200);
                  long moved =
                      kv.transactResult(
                          tx -> {
                            attempts.incrementAndGet();
                            Account source = tx.load(Account.class, from).orElseThrow();
                            Account target = tx.load(Account.class, to).orElseThrow();
                            if (source.getBalance() < amount) {
                              return 0L;
                            }
                            source.withdraw(amount);
                            target.deposit(amount);
                            return amount;
                          });
                  // Committed: account for it exactly once.
                  expectedDelta.computeIfAbsent(from, k -> new AtomicLong()).addAndGet(-moved);
                  expectedDelta.computeIfAbsent(to, k -> new AtomicLong()).addAndGet(moved);
                }
                return null;
              }));
    }
    try {
      for (Future<?> worker : workers) {
        await(worker);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    Map<Long, Long> balances =
        kv.read(
            tx ->
                tx.all(Account.class)
                    .filter(a -> a.getId() >= firstId)
                    .collect(Collectors.toMap(Account::getId, Account::getBalance)));
    assertThat(balances).hasSize(accounts);
    assertThat(balances.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(accounts * initial);
    for (Map.Entry<Long, Long> balance : balances.entrySet()) {
      long delta = expectedDelta.getOrDefault(balance.getKey(), new AtomicLong()).get();
      assertThat(balance.getValue())
          .as("account %d", balance.getKey())
          .isEqualTo(initial + delta)
          .isNotNegative();
    }
    assertThat(attempts.get()).isGreaterThanOrEqualTo(threads * transfersPerThread);
  }

  private static void await(Future<?> future) throws Exception {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** {@link #await} for work run by transact, which may not throw checked exceptions. */
  private static void awaitInWork(Future<?> future) {
    try {
      await(future);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The concurrent deposit did not finish", e);
    }
  }
}
