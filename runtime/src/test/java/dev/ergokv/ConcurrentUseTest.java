package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Account;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.testing.ForwardingEngine;
import dev.ergokv.testing.InMemoryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One {@link Transaction} used from two threads at once is refused with an error naming both
 * threads; used from one thread after another, and with entity changes from many threads, it
 * works as before.
 */
class ConcurrentUseTest {

  private final InMemoryEngine memory = new InMemoryEngine();
  private final CountDownLatch inRead = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean blockReads;
  private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "holder"));

  /** Holds a read inside the engine until released, so two calls overlap for certain. */
  private final ForwardingEngine blocking =
      new ForwardingEngine(memory) {
        @Override
        protected KvTransaction wrap(KvTransaction tx) {
          return new ForwardingEngine.Transaction(tx) {
            @Override
            public Optional<byte[]> get(byte[] key) {
              if (blockReads) {
                blockReads = false;
                inRead.countDown();
                await(release);
              }
              return super.get(key);
            }
          };
        }
      };

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    memory.close();
  }

  @Test
  void aSecondThreadCallingWhileTheFirstIsInsideIsRefusedNamingBothThreads() throws Exception {
    ErgoKv kv = TestKv.on(blocking, "concurrent", b -> b);
    Transaction tx = kv.begin();
    blockReads = true;
    Future<Optional<Account>> holder = pool.submit(() -> tx.load(Account.class, "held"));
    assertThat(inRead.await(30, TimeUnit.SECONDS)).as("the holder reached the engine").isTrue();

    String name = Thread.currentThread().getName();
    Thread.currentThread().setName("intruder");
    try {
      assertThatThrownBy(() -> tx.save(new Account("b", 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"intruder\"")
          .hasMessageContaining("\"holder\"")
          .hasMessageContaining("one thread at a time");
      assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
    } finally {
      Thread.currentThread().setName(name);
    }

    release.countDown();
    assertThat(holder.get(30, TimeUnit.SECONDS)).isEmpty();
    // The refused calls changed nothing: the transaction goes on in the holder's turn, or ours.
    tx.save(new Account("a", 1));
    tx.commit();
    List<String> ids = kv.read(r -> r.all(Account.class).map(Account::id).toList());
    assertThat(ids).containsExactly("a");
  }

  @Test
  void oneThreadAfterAnotherIsFine() throws Exception {
    ErgoKv kv = TestKv.on(memory, "sequential", b -> b);
    Transaction tx = kv.begin();
    pool.submit(() -> tx.save(new Account("a", 1))).get(30, TimeUnit.SECONDS);
    tx.save(new Account("b", 2));
    pool.submit(tx::commit).get(30, TimeUnit.SECONDS);

    long count = kv.read(r -> r.all(Account.class).count());
    assertThat(count).isEqualTo(2);
  }

  @Test
  void entitiesMayStillBeChangedFromManyThreads() {
    ErgoKv kv = TestKv.on(memory, "parallel", b -> b);
    kv.transact(
        tx -> IntStream.range(0, 200).forEach(i -> tx.save(new Account("a" + i, 100))));

    kv.transact(
        tx -> {
          List<Account> accounts = new ArrayList<>(tx.all(Account.class).toList());
          accounts.parallelStream().forEach(a -> a.withdraw(1));
        });

    long sum = kv.read(r -> r.all(Account.class).mapToLong(Account::balance).sum());
    assertThat(sum).isEqualTo(200 * 99L);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
