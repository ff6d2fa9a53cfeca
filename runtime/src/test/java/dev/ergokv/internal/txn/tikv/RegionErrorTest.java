package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Region errors and failed calls on every RPC a transaction makes, injected twice in a row: the
 * engine re-routes or backs off and the operation succeeds. Regions split at "m".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionErrorTest {

  private EngineFixture fixture;
  private TikvEngine engine;

  @BeforeAll
  void start() {
    fixture = EngineFixture.start("m");
    engine = fixture.engine();
  }

  @AfterEach
  void noFaultLeft() {
    fixture.embedded.clearFaults();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  static Stream<Arguments> regionErrors() {
    List<Arguments> out = new ArrayList<>();
    for (String rpc : List.of("KvGet", "KvBatchGet", "KvScan", "KvPrewrite", "KvCommit")) {
      for (Fault fault :
          List.of(Fault.notLeader(), Fault.epochNotMatch(), Fault.serverIsBusy(), Fault.grpcStatus("UNAVAILABLE"))) {
        out.add(Arguments.of(rpc, fault));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("regionErrors")
  void regionErrorsAndFailedCallsAreRetried(String rpc, Fault fault) {
    write(engine, "a-re/k", "a");
    write(engine, "z-re/k", "z");
    fixture.embedded.failNext(rpc, 2, fault);
    switch (rpc) {
      case "KvGet":
        assertThat(read(engine, "z-re/k")).isEqualTo("z");
        break;
      case "KvBatchGet":
        try (KvTransaction tx = engine.beginReadOnly()) {
          assertThat(tx.batchGet(List.of(b("a-re/k"), b("z-re/k")))).hasSize(2);
        }
        break;
      case "KvScan":
        try (KvTransaction tx = engine.beginReadOnly(); KvScan scan = tx.scan(b("a"), new byte[0], 10, 10)) {
          List<String> keys = new ArrayList<>();
          scan.forEachRemaining(e -> keys.add(s(e.getKey())));
          assertThat(keys).containsExactly("a-re/k", "z-re/k");
        }
        break;
      case "KvPrewrite":
        write(engine, "a-re/k", "a2"); // one region: 1PC, one prewrite
        assertThat(read(engine, "a-re/k")).isEqualTo("a2");
        break;
      default:
        try (KvTransaction tx = engine.begin()) { // two regions: 2PC, commits of both
          tx.put(b("a-re/k"), b("a2"));
          tx.put(b("z-re/k"), b("z2"));
          tx.commit();
        }
        fixture.awaitNoLocks();
        assertThat(read(engine, "a-re/k")).isEqualTo("a2");
        assertThat(read(engine, "z-re/k")).isEqualTo("z2");
    }
    assertThat(fixture.embedded.pendingFaults(rpc)).as("faults met").isZero();
  }
}
