package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KeyExistsException;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conflicts, as the engine must surface them: at once, typed, and leaving nothing behind; live
 * locks, uniqueness through Insert, write skew prevented by lock-only keys, and concurrent
 * read-modify-write loops that end exact. Regions split at "m".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConflictTest {

  private static final Duration AT_ONCE = Duration.ofMillis(100);

  private EngineFixture fixture;
  private TikvEngine engine;
  private ExecutorService pool;

  @BeforeAll
  void start() {
    fixture = EngineFixture.start("m");
    engine = fixture.engine();
    pool = Executors.newCachedThreadPool();
  }

  @AfterAll
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    fixture.close();
  }

  @Test
  void aNewerCommittedWriteIsAConflictSurfacedAtOnceThatLeavesNoLock() {
    write(engine, "a-wc/warm", "x"); // first use of the code paths is not what is measured
    KvTransaction older = engine.begin();
    write(engine, "z-wc/k", "newer");
    older.put(b("a-wc/k"), b("mine")); // a region whose prewrite succeeds and must be rolled back
    older.put(b("z-wc/k"), b("older"));

    long start = System.nanoTime();
    assertThatThrownBy(older::commit)
        .isInstanceOfSatisfying(WriteConflictException.class, e -> assertThat(e.key()).isEqualTo("z-wc/k"))
        .hasMessageContaining("z-wc/k");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(AT_ONCE);
    assertThat(fixture.lockedKeys()).isEmpty();
    assertThat(read(engine, "a-wc/k")).isNull();
    assertThat(read(engine, "z-wc/k")).isEqualTo("newer");
  }

  @Test
  void aLiveLockOfAnotherTransactionIsAConflictSurfacedAtOnce() throws Exception {
    write(engine, "a-live/warm", "x");
    TikvEngine paused = fixture.engine();
    CountDownLatch prewritten = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    paused.context().observer((startTs, commitTs) -> {
      prewritten.countDown();
      await(release);
    });
    Future<?> holder =
        pool.submit(
            () -> {
              try (KvTransaction tx = paused.begin()) {
                tx.put(b("a-live/k"), b("holder"));
                tx.put(b("z-live/k"), b("holder"));
                tx.commit();
              }
            });
    try {
      assertThat(prewritten.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(fixture.lockedKeys()).containsExactly("a-live/k", "z-live/k");

      KvTransaction writer = engine.begin();
      writer.put(b("a-live/other"), b("w"));
      writer.put(b("a-live/k"), b("writer"));
      long start = System.nanoTime();
      assertThatThrownBy(writer::commit)
          .isInstanceOfSatisfying(WriteConflictException.class, e -> assertThat(e.key()).isEqualTo("a-live/k"))
          .hasMessageContaining("locked by transaction");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
      // The writer left nothing; the holder's locks are untouched.
      assertThat(fixture.lockedKeys()).containsExactly("a-live/k", "z-live/k");
    } finally {
      release.countDown();
    }
    holder.get(10, TimeUnit.SECONDS);
    assertThat(read(engine, "a-live/k")).isEqualTo("holder");
    assertThat(read(engine, "a-live/other")).isNull();
    fixture.awaitNoLocks();
  }

  @Test
  void anInsertOfAnExistingKeyFailsWithTheKey() {
    write(engine, "exists/k", "v");
    KvTransaction tx = engine.begin();
    tx.put(b("exists/other"), b("x"));
    tx.insert(b("exists/k"), b("w"));

    assertThatThrownBy(tx::commit).isInstanceOfSatisfying(KeyExistsException.class, e -> assertThat(s(e.key())).isEqualTo("exists/k"));
    assertThat(read(engine, "exists/k")).isEqualTo("v");
    assertThat(read(engine, "exists/other")).isNull();
    assertThat(fixture.lockedKeys()).isEmpty();
  }

  @Test
  void ofEightRacingInsertersOfOneKeyExactlyOneCommits() throws Exception {
    int racers = 8;
    CyclicBarrier go = new CyclicBarrier(racers);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      String me = "racer" + i;
      outcomes.add(
          pool.submit(
              () ->
                  withRetries(
                      attempt -> {
                        if (attempt == 0) {
                          await(go);
                        }
                        try (KvTransaction tx = engine.begin()) {
                          tx.insert(b("unique/k"), b(me));
                          tx.put(b("z-unique/" + me), b("with it")); // a second region
                          tx.commit();
                          return "won";
                        } catch (KeyExistsException e) {
                          return "exists";
                        }
                      })));
    }
    List<String> results = new ArrayList<>();
    for (Future<String> f : outcomes) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    assertThat(results).containsOnlyOnce("won").filteredOn("exists"::equals).hasSize(racers - 1);
    String winner = read(engine, "unique/k");
    assertThat(read(engine, "z-unique/" + winner)).isEqualTo("with it");
    fixture.awaitNoLocks();
  }

  @Test
  void lockingTheKeysReadButNotWrittenPreventsWriteSkew() {
    // Constraint: at least one of the two is on call. Each transaction checks it and takes
    // itself off; without lock() both commit and nobody is on call.
    for (boolean lockReadSet : new boolean[] {false, true}) {
      String prefix = lockReadSet ? "skew-locked/" : "skew-free/";
      write(engine, prefix + "alice", "on");
      write(engine, prefix + "bob", "on");
      KvTransaction alice = engine.begin();
      KvTransaction bob = engine.begin();
      assertThat(bothOnCall(alice, prefix)).isTrue();
      assertThat(bothOnCall(bob, prefix)).isTrue();
      alice.put(b(prefix + "alice"), b("off"));
      bob.put(b(prefix + "bob"), b("off"));
      if (lockReadSet) {
        alice.lock(b(prefix + "bob"));
        bob.lock(b(prefix + "alice"));
      }
      alice.commit();
      if (lockReadSet) {
        assertThatThrownBy(bob::commit).isInstanceOf(WriteConflictException.class);
        assertThat(read(engine, prefix + "bob")).isEqualTo("on");
      } else {
        bob.commit(); // the anomaly the lock prevents
        assertThat(read(engine, prefix + "bob")).isEqualTo("off");
      }
      assertThat(read(engine, prefix + "alice")).isEqualTo("off");
    }
    assertThat(fixture.lockedKeys()).isEmpty();
  }

  @Test
  void concurrentIncrementsWithRetriesEndExact() throws Exception {
    write(engine, "counter/k", "0");
    write(engine, "z-counter/k", "0");
    int threads = 4;
    int perThread = 25;
    List<Future<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                int retries = 0;
                for (int i = 0; i < perThread; i++) {
                  retries +=
                      withRetries(
                          attempt -> {
                            try (KvTransaction tx = engine.begin()) {
                              // Two regions: half the time 1PC cannot apply, so 2PC races too.
                              boolean twoRegions = ThreadLocalRandom.current().nextBoolean();
                              increment(tx, "counter/k");
                              if (twoRegions) {
                                increment(tx, "z-counter/k");
                              }
                              tx.commit();
                              return attempt;
                            }
                          });
                }
                return retries;
              }));
    }
    int retries = 0;
    for (Future<Integer> w : workers) {
      retries += w.get(60, TimeUnit.SECONDS);
    }
    assertThat(read(engine, "counter/k")).isEqualTo(Integer.toString(threads * perThread));
    assertThat(retries).as("conflicts met and retried").isPositive();
    fixture.awaitNoLocks();
  }

  private static void increment(KvTransaction tx, String key) {
    int value = Integer.parseInt(s(tx.get(b(key)).orElseThrow()));
    tx.put(b(key), b(Integer.toString(value + 1)));
  }

  private static boolean bothOnCall(KvTransaction tx, String prefix) {
    return s(tx.get(b(prefix + "alice")).orElseThrow()).equals("on") && s(tx.get(b(prefix + "bob")).orElseThrow()).equals("on");
  }

  /** Runs {@code attempt(n)} again on a write conflict, with jittered backoff, as transact does. */
  private static <T> T withRetries(Function<Integer, T> work) {
    for (int attempt = 0; ; attempt++) {
      try {
        return work.apply(attempt);
      } catch (WriteConflictException e) {
        if (attempt >= 200) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("racers did not start together", e);
    }
  }
}
