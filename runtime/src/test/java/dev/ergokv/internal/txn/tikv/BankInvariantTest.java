package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Transfers between accounts in four regions, from several threads, each writing both balances
 * and a ledger entry in one transaction, while commit answers are lost (held past the request
 * timeout) and the retries meet region errors or a PD that cannot route. Every transfer is
 * classified by what its commit reported and checked against the stored ledger: committed ⇒ its
 * entry is stored, failed ⇒ it is not, unknown ⇒ either; and the balances are exactly what the
 * stored entries say (no transfer half applied).
 */
class BankInvariantTest {

  private static final int ACCOUNTS = 8;
  private static final long INITIAL = 1_000;
  private static final int THREADS = 4;
  private static final int TRANSFERS_PER_THREAD = 40;
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
  private static final Duration HELD = Duration.ofMillis(500);
  private static final Duration LOCK_TTL = Duration.ofSeconds(1);

  /** What a transfer's commit reported; ABORTED: it failed before commit (nothing sent). */
  enum Report {
    COMMITTED,
    FAILED,
    UNKNOWN,
    ABORTED
  }

  private record Transfer(String id, int from, int to, long amount) {}

  /** Accounts spread over the regions split at "b", "d" and "f"; the ledger lies in the last. */
  private static String account(int i) {
    return (char) ('a' + 2 * (i % 4)) + "-acct/" + i;
  }

  private static String ledger(String id) {
    return "l-ledger/" + id;
  }

  @Test
  void noTransferIsHalfAppliedOrMisreportedWhileCommitAnswersAreLost() throws Exception {
    try (EngineFixture fixture = EngineFixture.start("b", "d", "f")) {
      TikvEngine bank = fixture.engine(REQUEST_TIMEOUT, LOCK_TTL, TikvEngine.Tuning.DEFAULT);
      TikvEngine auditor = fixture.engine();
      try (KvTransaction tx = auditor.begin()) { // patient: the setup is not under test
        for (int i = 0; i < ACCOUNTS; i++) {
          tx.put(b(account(i)), b(Long.toString(INITIAL)));
        }
        tx.commit();
      }
      Map<Transfer, Report> reports = new ConcurrentHashMap<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(pool.submit(() -> transfers(bank, thread, reports)));
      }
      Future<Integer> faults = pool.submit(() -> injectFaults(fixture, running));
      for (Future<?> worker : workers) {
        worker.get(10, TimeUnit.MINUTES);
      }
      running.set(false);
      int injected = faults.get(1, TimeUnit.MINUTES);
      pool.shutdown();
      fixture.embedded.clearFaults();

      List<String> keys = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        keys.add(account(i));
      }
      settle(fixture, auditor, keys);

      long[] expected = new long[ACCOUNTS];
      java.util.Arrays.fill(expected, INITIAL);
      Map<Report, Integer> counts = new EnumMap<>(Report.class);
      List<String> misreported = new ArrayList<>();
      try (KvTransaction tx = auditor.beginReadOnly()) {
        for (Map.Entry<Transfer, Report> e : reports.entrySet()) {
          Transfer transfer = e.getKey();
          Report report = e.getValue();
          counts.merge(report, 1, Integer::sum);
          boolean stored = tx.get(b(ledger(transfer.id()))).isPresent();
          if (stored) {
            expected[transfer.from()] -= transfer.amount();
            expected[transfer.to()] += transfer.amount();
          }
          boolean truthful =
              report == Report.UNKNOWN || stored == (report == Report.COMMITTED);
          if (!truthful) {
            misreported.add(transfer.id() + " reported " + report + ", ledger entry stored: " + stored);
          }
        }
        List<String> partial = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
          long balance = Long.parseLong(s(tx.get(b(account(i))).orElseThrow()));
          if (balance != expected[i]) {
            partial.add(account(i) + " = " + balance + ", the stored ledger says " + expected[i]);
          }
        }
        System.out.println("transfers by report: " + counts + "; fault plans armed: " + injected);
        assertThat(misreported).as("misreported transfers (%s)", counts).isEmpty();
        assertThat(partial).as("balances not matching the ledger: half-applied transfers (%s)", counts).isEmpty();
      }
      assertThat(counts.getOrDefault(Report.COMMITTED, 0)).as("transfers committed").isPositive();
      assertThat(injected).as("fault plans armed").isPositive();
    }
  }

  private static void transfers(TikvEngine bank, int thread, Map<Transfer, Report> reports) {
    Random random = new Random(thread);
    for (int n = 0; n < TRANSFERS_PER_THREAD; n++) {
      int from = random.nextInt(ACCOUNTS);
      int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      Transfer transfer = new Transfer(thread + "-" + n, from, to, 1 + random.nextInt(10));
      reports.put(transfer, transfer(bank, transfer));
    }
  }

  private static Report transfer(TikvEngine bank, Transfer t) {
    KvTransaction tx;
    try {
      tx = bank.begin();
      long from = Long.parseLong(s(tx.get(b(account(t.from()))).orElseThrow()));
      long to = Long.parseLong(s(tx.get(b(account(t.to()))).orElseThrow()));
      tx.put(b(account(t.from())), b(Long.toString(from - t.amount())));
      tx.put(b(account(t.to())), b(Long.toString(to + t.amount())));
      tx.put(b(ledger(t.id())), b(t.from() + ">" + t.to() + ":" + t.amount()));
    } catch (ErgoKvException e) {
      return Report.ABORTED; // failed while reading: nothing was sent
    }
    try {
      tx.commit();
      return Report.COMMITTED;
    } catch (CommitOutcomeUnknownException e) {
      return Report.UNKNOWN;
    } catch (ErgoKvException e) {
      return Report.FAILED;
    }
  }

  /** Arms lost commit answers followed by other faults, one plan after another, until stopped. */
  private static int injectFaults(EngineFixture fixture, AtomicBoolean running) throws InterruptedException {
    int plans = 0;
    while (running.get()) {
      switch (plans % 4) {
        case 0:
          fixture.embedded.failNext("KvCommit", 1, Fault.delay(HELD));
          fixture.embedded.failNext("KvCommit", 20, Fault.notLeader());
          break;
        case 1:
          fixture.embedded.failNext("KvCommit", 1, Fault.delay(HELD));
          fixture.embedded.failNext("KvCommit", 20, Fault.serverIsBusy());
          break;
        case 2:
          fixture.embedded.failNext("KvCommit", 1, Fault.delay(HELD));
          fixture.embedded.failNext("GetRegion", 12, Fault.grpcStatus("UNAVAILABLE"));
          break;
        default:
          fixture.embedded.failNext("KvPrewrite", 2, Fault.delay(HELD));
          fixture.embedded.failNext("KvCommit", 1, Fault.delay(HELD));
          fixture.embedded.failNext("KvCommit", 5, Fault.epochNotMatch());
      }
      plans++;
      // Pacing between plans (not a wait for readiness): let some transfers through unharmed.
      Thread.sleep(400);
    }
    return plans;
  }

  /** Reads until no lock is left, moving the clock past the TTL of locks nobody will commit. */
  private static void settle(EngineFixture fixture, TikvEngine auditor, List<String> keys) {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!fixture.embedded.lockedKeys().isEmpty()) {
      assertThat(System.nanoTime() - end).as("locks left: %s", fixture.lockedKeys()).isNegative();
      fixture.embedded.advanceClock(LOCK_TTL);
      try (KvTransaction tx = auditor.beginReadOnly()) {
        for (byte[] locked : fixture.embedded.lockedKeys()) {
          tx.get(locked);
        }
        for (String key : keys) {
          tx.get(b(key));
        }
      }
    }
  }
}
