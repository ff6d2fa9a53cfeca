package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.Item;
import dev.ergokv.testing.InMemoryEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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

  /**
   * Read your writes, checked against a model after every operation of many transactions: index
   * queries, ranges, unique lookups, all() and count() return exactly the transaction's view, and
   * a stream read while the entities it returned are changed returns none twice.
   */
  @Test
  void queriesInsideATransactionAgreeWithItsChangesAfterEveryOperation() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    ErgoKv kv = backend().open(b -> b.pageSize(3));
    Map<Integer, State> committed = new HashMap<>();
    // Fewer rounds on the cluster, where each query is a round trip: it checks the same merging
    // against the real engine's scans, the in-memory run the many interleavings.
    int rounds = backend().engine() instanceof InMemoryEngine ? 150 : 30;
    for (int round = 0; round < rounds; round++) {
      Map<Integer, State> states = new HashMap<>(committed);
      long txSeed = random.nextLong();
      kv.transact(
          tx -> {
            states.clear();
            states.putAll(committed);
            Random r = new Random(txSeed);
            for (int i = 0; i < 12; i++) {
              runValidOperation(tx, r, states, committed, seed);
              checkQueries(tx, r, states, seed);
            }
          });
      committed.clear();
      committed.putAll(states);
      assertThat(problems(kv, Item.class)).as("seed %d", seed).isEmpty();
    }
  }

  /** A random operation that must succeed: codes are taken only when free. */
  private static void runValidOperation(
      Transaction tx,
      Random random,
      Map<Integer, State> states,
      Map<Integer, State> committed,
      long seed) {
    int id = random.nextInt(40);
    State drawn = randomState(random);
    State next =
        drawn.code() != null && holds(states, drawn.code(), id)
            ? new State(null, drawn.group(), drawn.score())
            : drawn;
    switch (random.nextInt(7)) {
      case 0:
        tx.save(new Item(id, next.code(), next.group(), next.score()));
        states.put(id, next);
        break;
      case 1:
        tx.load(Item.class, id)
            .ifPresent(
                item -> {
                  item.set(next.code(), next.group(), next.score());
                  states.put(id, next);
                });
        break;
      case 2:
        tx.delete(Item.class, id);
        states.remove(id);
        break;
      case 3:
        if (states.containsKey(id)) {
          // Refused at once, as the key is loaded; the transaction goes on.
          tx.load(Item.class, id).orElseThrow();
          assertThatThrownBy(() -> tx.insert(new Item(id, next.code(), next.group(), next.score())))
              .isInstanceOf(EntityExistsException.class);
        } else {
          tx.insert(new Item(id, next.code(), next.group(), next.score()));
          states.put(id, next);
        }
        break;
      case 4:
        // Stream a range of scores or codes, changing what was returned on the way.
        boolean byCode = random.nextBoolean();
        List<Integer> seen = new ArrayList<>();
        Iterator<Item> it =
            (byCode
                    ? tx.query(Item.class, "code").between("c1", "c2")
                    : tx.query(Item.class, "score").between(-20L, 20L))
                .stream()
                .iterator();
        while (it.hasNext()) {
          Item item = it.next();
          assertThat(seen).as("seed %d: returned twice", seed).doesNotContain(item.id());
          seen.add(item.id());
          if (byCode) {
            assertThat(item.code()).isBetween("c1", "c2");
          } else {
            assertThat(item.score()).isBetween(-20L, 20L);
          }
          if (random.nextInt(3) == 0) {
            // Often a code the snapshot has and this transaction freed: the index keys that
            // change most (a delete that turns into a put).
            List<String> freed =
                committed.values().stream()
                    .map(State::code)
                    .filter(c -> c != null && !holds(states, c, -1))
                    .toList();
            State drawnMove = randomState(random);
            State moved =
                freed.isEmpty() || random.nextBoolean()
                    ? drawnMove
                    : new State(
                        freed.get(random.nextInt(freed.size())),
                        drawnMove.group(),
                        drawnMove.score());
            String code =
                moved.code() != null && holds(states, moved.code(), item.id())
                    ? null
                    : moved.code();
            item.set(code, moved.group(), moved.score());
            states.put(item.id(), new State(code, moved.group(), moved.score()));
            if (random.nextBoolean()) {
              tx.save(item);
            }
          }
        }
        break;
      case 5:
        tx.loadAll(Item.class, List.of(id, (id + 1) % 40))
            .values()
            .forEach(
                item -> {
                  State one = item.id() == id ? next : new State(null, next.group(), next.score());
                  item.set(one.code(), one.group(), one.score());
                  states.put(item.id(), one);
                });
        break;
      default:
        tx.load(Item.class, id)
            .ifPresent(
                item -> {
                  item.set(next.code(), next.group(), next.score());
                  tx.delete(item);
                  states.remove(id);
                  if (random.nextBoolean()) {
                    tx.save(item);
                    states.put(id, next);
                  }
                });
    }
  }

  /** Whether an item other than {@code except} holds {@code code}. */
  private static boolean holds(Map<Integer, State> states, String code, int except) {
    return states.entrySet().stream()
        .anyMatch(e -> e.getKey() != except && code.equals(e.getValue().code()));
  }

  private static void checkQueries(
      Transaction tx, Random random, Map<Integer, State> states, long seed) {
    int group = random.nextInt(10);
    List<Integer> expectedGroup =
        states.entrySet().stream()
            .filter(e -> Integer.valueOf(group).equals(e.getValue().group()))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    assertThat(tx.find(Item.class, "group", group).map(Item::id).toList())
        .as("seed %d group %d", seed, group)
        .isEqualTo(expectedGroup);
    List<Integer> expectedScores =
        states.entrySet().stream()
            .filter(e -> e.getValue().score() >= -10 && e.getValue().score() < 30)
            .sorted(
                Comparator.<Map.Entry<Integer, State>>comparingLong(e -> e.getValue().score())
                    .thenComparing(Map.Entry::getKey))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(tx.query(Item.class, "score").from(-10L).before(30L).stream().map(Item::id).toList())
        .as("seed %d scores", seed)
        .isEqualTo(expectedScores);
    String code = "c" + random.nextInt(CODES);
    Integer owner =
        states.entrySet().stream()
            .filter(e -> code.equals(e.getValue().code()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    assertThat(tx.findUnique(Item.class, "code", code).map(Item::id).orElse(null))
        .as("seed %d code %s", seed, code)
        .isEqualTo(owner);
    assertThat(tx.all(Item.class).map(Item::id).toList())
        .as("seed %d all", seed)
        .isEqualTo(states.keySet().stream().sorted().toList());
    assertThat(tx.count(Item.class)).as("seed %d count", seed).isEqualTo(states.size());
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
