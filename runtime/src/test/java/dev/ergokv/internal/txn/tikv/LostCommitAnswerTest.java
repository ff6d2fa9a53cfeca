package dev.ergokv.internal.txn.tikv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.internal.txn.tikv.Counters.Report;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import dev.ergokv.localcluster.embedded.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A commit whose answer is lost (held past the request timeout, applied later) and whose retries
 * then meet region errors or a PD that cannot route: the transaction is committed completely or
 * not at all, and what the commit reports is true — committed means stored, failed means not
 * stored, otherwise {@link CommitOutcomeUnknownException}. Each variant 20 times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostCommitAnswerTest {

  private static final int RUNS = 20;
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
  /** Longer than the request timeout: the commit lands after its caller gave up waiting. */
  private static final Duration HELD = Duration.ofMillis(500);
  private static final Duration LOCK_TTL = Duration.ofSeconds(1);

  private EngineFixture fixture;
  private TikvEngine writer;
  private TikvEngine reader;

  @BeforeAll
  void start() {
    fixture = EngineFixture.start("m");
    writer = fixture.engine(REQUEST_TIMEOUT, LOCK_TTL, TikvEngine.Tuning.DEFAULT);
    reader = fixture.engine();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  static Stream<Arguments> variants() {
    return Stream.of(
        variant("primary commit held, then NotLeader", "KvCommit", c -> c.failNext("KvCommit", 1_000_000, Fault.notLeader())),
        variant(
            "primary commit held, then ServerIsBusy", "KvCommit", c -> c.failNext("KvCommit", 1_000_000, Fault.serverIsBusy())),
        variant(
            "primary commit held, then EpochNotMatch",
            "KvCommit",
            c -> c.failNext("KvCommit", 1_000_000, Fault.epochNotMatch())),
        variant(
            "primary commit held, then GetRegion UNAVAILABLE",
            "KvCommit",
            c -> c.failNext("GetRegion", 12, Fault.grpcStatus("UNAVAILABLE"))),
        variant("1PC prewrite held", "KvPrewrite", c -> {}));
  }

  private static Arguments variant(String name, String held, Consumer<EmbeddedCluster> then) {
    return Arguments.of(name, held, then);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void aLostCommitAnswerNeverHalfCommitsAndIsReportedTruthfully(
      String name, String held, Consumer<EmbeddedCluster> then) {
    boolean onePc = held.equals("KvPrewrite");
    // Two regions (split at "m"): a two-phase commit whose primary is in the first. One region:
    // a one-phase commit.
    String tag = name.replaceAll("[^A-Za-z]", "");
    List<String> keys = onePc ? List.of("a-" + tag, "b-" + tag) : List.of("a-" + tag, "z-" + tag);
    Map<Report, Integer> reports = new EnumMap<>(Report.class);
    long value = Counters.settle(fixture, reader, keys, LOCK_TTL).get(keys.get(0));
    for (int run = 0; run < RUNS; run++) {
      fixture.embedded.failNext(held, onePc ? 50 : 1, Fault.delay(HELD));
      then.accept(fixture.embedded);
      List<Throwable> failures = new ArrayList<>();
      Report report = Counters.increment(writer, keys, failures);
      fixture.embedded.clearFaults();
      reports.merge(report, 1, Integer::sum);
      value = Counters.check(Counters.settle(fixture, reader, keys, LOCK_TTL), value, report, failures);
    }
    // The commit was held until after the caller's timeout, and it did land: the engine should
    // find that out rather than give up.
    assertThat(reports).as("reports over %d runs", RUNS).containsKey(Report.COMMITTED);
  }
}
