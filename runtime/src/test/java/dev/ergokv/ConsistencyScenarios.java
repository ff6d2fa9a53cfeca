package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.entities.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random saves, updates, inserts and deletes (through every path: detached saves, changed loaded
 * entities, deletes of changed instances, queries that flush mid-transaction), then a full check
 * of the stored keys: every index entry points to an entity whose field holds that value, every
 * indexed value of every entity has its entry, no unique value is owned twice.
 */
abstract class ConsistencyScenarios extends Scenarios {

  private static final int IDS = 200;
  private static final int CODES = 300;

  /** What an Item holds, as the test expects it to be stored. */
  record State(String code, Integer group, long score) {}

  private static State randomState(Random random) {
    return new State(
        random.nextInt(10) < 3 ? null : "c" + random.nextInt(CODES),
        random.nextInt(10) == 0 ? null : random.nextInt(10),
        random.nextInt(100) - 50);
  }

  /** The state a transaction should leave, and whether it must be refused. */
  static final class Expectation {
    final Map<Integer, State> states = new HashMap<>();
    /** Set when an insert met an existing key or an update a missing one. */
    boolean mustFail;
    /** False when other writers run concurrently, so nothing can be predicted. */
    final boolean predictable;

    Expectation(boolean predictable) {
      this.predictable = predictable;
    }
  }

  @Test
  void tenThousandRandomOperationsLeaveEveryIndexConsistent() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    ErgoKv kv = backend().open(b -> b.pageSize(32));
    Map<Integer, State> committed = new HashMap<>();
    int operations = 0;
    int commits = 0;
    int refused = 0;
    while (operations < 10_000) {
      int count = 1 + random.nextInt(5);
      long txSeed = random.nextLong();
      Expectation expected = new Expectation(true);
      try {
        kv.transact(
            tx -> {
              expected.states.clear();
              expected.states.putAll(committed);
              expected.mustFail = false;
              runOperations(tx, new Random(txSeed), count, expected);
            });
        assertThat(expected.mustFail || violatesUniqueness(expected.states))
            .as("seed %d: a transaction that must be refused committed", seed)
            .isFalse();
        committed.clear();
        committed.putAll(expected.states);
        commits++;
      } catch (UniqueConstraintViolationException
          | EntityExistsException
          | EntityNotFoundException e) {
        assertThat(expected.mustFail || violatesUniqueness(expected.states))
            .as("seed %d: refused without reason: %s", seed, e)
            .isTrue();
        refused++;
      }
      operations += count;
    }

    assertThat(problems(kv, Item.class)).as("seed %d", seed).isEmpty();
    Map<Integer, State> stored = new HashMap<>();
    Consistency.entities(backend().engine(), kv.keyspace(), Item.class)
        .values()
        .forEach(i -> stored.put(i.id(), new State(i.code(), i.group(), i.score())));
    assertThat(stored).as("seed %d", seed).isEqualTo(committed);
    assertThat(commits).as("committed transactions").isGreaterThan(500);
    assertThat(refused).as("refused transactions (violations exercised)").isGreaterThan(50);
  }

  /**
   * Runs {@code count} random operations in {@code tx}, applying each to {@code expected}.
   * Operations the entity layer must refuse (insert of an existing key, update of a missing one)
   * are asked for anyway, and noted.
   */
  private static void runOperations(
      Transaction tx, Random random, int count, Expectation expected) {
    Map<Integer, State> states = expected.states;
    for (int i = 0; i < count; i++) {
      int id = random.nextInt(IDS);
      State state = randomState(random);
      switch (random.nextInt(8)) {
        case 0: // save a detached instance
          tx.save(new Item(id, state.code(), state.group(), state.score()));
          states.put(id, state);
          break;
        case 1: // change a loaded instance, no save
        case 2:
          tx.load(Item.class, id)
              .ifPresent(
                  item -> {
                    item.set(state.code(), state.group(), state.score());
                    states.put(id, state);
                  });
          break;
        case 3: // delete by key
          tx.delete(Item.class, id);
          states.remove(id);
          break;
        case 4: // delete an instance whose fields were changed first: the stored state counts
          tx.load(Item.class, id)
              .ifPresent(
                  item -> {
                    item.set(state.code(), state.group(), state.score());
                    tx.delete(item);
                    states.remove(id);
                  });
          break;
        case 5: // insert: refused (here or at commit) if the key exists
          expected.mustFail |= expected.predictable && states.containsKey(id);
          tx.insert(new Item(id, state.code(), state.group(), state.score()));
          states.put(id, state);
          break;
        case 6: // update a detached instance: refused if the key is missing
          expected.mustFail |= expected.predictable && !states.containsKey(id);
          tx.update(new Item(id, state.code(), state.group(), state.score()));
          states.put(id, state);
          break;
        default: // a query in the middle flushes the changes so far
          tx.find(Item.class, "group", random.nextInt(10)).count();
      }
    }
  }

  private static boolean violatesUniqueness(Map<Integer, State> states) {
    Set<String> codes = new HashSet<>();
    for (State state : states.values()) {
      if (state.code() != null && !codes.add(state.code())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void concurrentRandomWritersLeaveEveryIndexConsistent() throws Exception {
    ErgoKv kv = backend().open(b -> b.pageSize(32));
    int threads = 4;
    int perThread = 500;
    AtomicInteger commits = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = System.nanoTime() + t;
        done.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int i = 0; i < perThread; i++) {
                    long txSeed = random.nextLong();
                    try {
                      kv.transact(
                          tx ->
                              runOperations(
                                  tx,
                                  new Random(txSeed),
                                  1 + (int) (txSeed & 1),
                                  new Expectation(false)));
                      commits.incrementAndGet();
                    } catch (UniqueConstraintViolationException
                        | EntityExistsException
                        | EntityNotFoundException
                        | WriteConflictException e) {
                      // Refused, or conflicts outlived the retries: nothing was written.
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(problems(kv, Item.class)).isEmpty();
    assertThat(commits.get()).isGreaterThan(threads * perThread / 10);
  }
}
