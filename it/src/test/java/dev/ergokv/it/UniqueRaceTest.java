package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.EntityExistsException;
import dev.ergokv.ErgoKv;
import dev.ergokv.UniqueConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Threads racing for one username or one key: exactly one wins, the others get a typed error. */
@EndToEnd(entities = User.class)
class UniqueRaceTest {

  private static final int THREADS = 8;

  @Test
  void usersSavedAtOnceWithOneUsernameHaveOneWinner(ErgoKv kv) throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      ids.add(UUID.randomUUID());
    }

    List<Throwable> outcomes =
        race(
            i ->
                () -> {
                  kv.transact(
                      tx -> tx.save(new User(ids.get(i), "hopper", "h" + i + "@example.com", "q")));
                  return null;
                });

    List<Throwable> losers = outcomes.stream().filter(o -> o != null).toList();
    assertThat(outcomes).hasSize(THREADS);
    assertThat(losers).hasSize(THREADS - 1);
    assertThat(losers)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(UniqueConstraintViolationException.class)
                    .hasMessageContaining("hopper"));
    UUID winner = ids.get(outcomes.indexOf(null));
    Optional<User> owner = kv.read(tx -> tx.findUnique(User.class, "username", "hopper"));
    assertThat(owner).map(User::getId).contains(winner);
    long stored = kv.read(tx -> ids.stream().filter(id -> tx.exists(User.class, id)).count());
    assertThat(stored).isEqualTo(1);
  }

  @Test
  void usersInsertedAtOnceWithOneKeyHaveOneWinner(ErgoKv kv) throws Exception {
    UUID id = UUID.randomUUID();

    List<Throwable> outcomes =
        race(
            i ->
                () -> {
                  kv.transact(
                      tx -> tx.insert(new User(id, "key-race-" + i, "k@example.com", "race")));
                  return null;
                });

    List<Throwable> losers = outcomes.stream().filter(o -> o != null).toList();
    assertThat(losers).hasSize(THREADS - 1).allMatch(EntityExistsException.class::isInstance);
    String winner = "key-race-" + outcomes.indexOf(null);
    User stored = kv.read(tx -> tx.load(User.class, id)).orElseThrow();
    assertThat(stored.getUsername()).isEqualTo(winner);
    // Only the winner's unique entry exists: the losers left nothing behind.
    long entries =
        kv.read(tx -> tx.find(User.class, "department", "race").count());
    assertThat(entries).isEqualTo(1);
    for (int i = 0; i < THREADS; i++) {
      String name = "key-race-" + i;
      Optional<User> byName = kv.read(tx -> tx.findUnique(User.class, "username", name));
      assertThat(byName.isPresent()).as(name).isEqualTo(name.equals(winner));
    }
  }

  /**
   * Runs {@code THREADS} tasks released together by a barrier; the outcome of each: null when it
   * returned, else what it threw.
   */
  private static List<Throwable> race(IntFunction<Callable<Void>> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        Callable<Void> work = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return work.call();
                }));
      }
      List<Throwable> outcomes = new ArrayList<>();
      for (Future<Void> future : futures) {
        try {
          future.get(60, TimeUnit.SECONDS);
          outcomes.add(null);
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
