package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import dev.ergokv.localcluster.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/**
 * Every injection point receives the class's cluster, the cluster's one session and the class's
 * ErgoKv.
 */
class InjectionTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void fieldsConstructorsAndMethodParametersGetTheSameClusterSessionAndErgoKv() {
    EngineExecutionResults results = TestKit.run(EveryInjectionPoint.class);

    results.allEvents().assertStatistics(s -> s.failed(0).aborted(0));
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(Recorder.places(EveryInjectionPoint.class, LocalCluster.class))
        .containsExactly(
            "beforeAll", "constructor", "beforeEach", "test", "constructor", "beforeEach", "test");
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(ErgoKv.class))).hasSize(1);
  }

  @Test
  void aPerClassInstanceIsConstructedWithTheClusterBeforeBeforeAll() {
    EngineExecutionResults results = TestKit.run(OneInstanceForTheClass.class);

    results.allEvents().assertStatistics(s -> s.failed(0).aborted(0));
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(Recorder.places(OneInstanceForTheClass.class, LocalCluster.class))
        .containsExactly("constructor", "beforeAll", "test", "test");
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(ErgoKv.class))).hasSize(1);
  }

  @Test
  void aFieldOfAnotherTypeFailsTheClassNamingTheField() {
    EngineExecutionResults results = TestKit.run(InjectsAString.class);

    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(TestKit.throwables(results.containerEvents().failed()))
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(InjectsAString.class.getName() + ".name")
        .contains("java.lang.String")
        .contains("LocalCluster");
  }

  @Test
  void aFinalFieldFailsTheTestNamingTheField() {
    EngineExecutionResults results = TestKit.run(InjectsAFinalField.class);

    assertThat(TestKit.throwables(results.testEvents().failed()))
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(InjectsAFinalField.class.getName() + ".cluster")
        .contains("final");
  }

  @TestKitFixture
  @TiKVCluster
  static class EveryInjectionPoint {
    @TiKVCluster.Inject static LocalCluster staticCluster;
    @TiKVCluster.Inject static TiSession staticSession;
    @TiKVCluster.Inject static ErgoKv staticKv;
    @TiKVCluster.Inject LocalCluster cluster;
    @TiKVCluster.Inject private TiSession session;
    @TiKVCluster.Inject private ErgoKv kv;

    private final LocalCluster constructedWith;
    private final TiSession constructedWithSession;
    private final ErgoKv constructedWithKv;

    EveryInjectionPoint(LocalCluster cluster, TiSession session, ErgoKv kv) {
      this.constructedWith = cluster;
      this.constructedWithSession = session;
      this.constructedWithKv = kv;
      Recorder.saw(EveryInjectionPoint.class, "constructor", cluster);
      Recorder.saw(EveryInjectionPoint.class, "constructor", session);
      Recorder.saw(EveryInjectionPoint.class, "constructor", kv);
    }

    @BeforeAll
    static void beforeAll(LocalCluster cluster, TiSession session, ErgoKv kv) {
      assertThat(staticCluster).isSameAs(cluster);
      assertThat(staticSession).isSameAs(session);
      assertThat(staticKv).isSameAs(kv);
      Recorder.saw(EveryInjectionPoint.class, "beforeAll", cluster);
      Recorder.saw(EveryInjectionPoint.class, "beforeAll", session);
      Recorder.saw(EveryInjectionPoint.class, "beforeAll", kv);
    }

    @BeforeEach
    void beforeEach(LocalCluster cluster, TiSession session, ErgoKv kv) {
      assertThat(this.cluster).isSameAs(cluster).isSameAs(constructedWith);
      assertThat(this.session).isSameAs(session).isSameAs(constructedWithSession);
      assertThat(this.kv).isSameAs(kv).isSameAs(constructedWithKv);
      Recorder.saw(EveryInjectionPoint.class, "beforeEach", cluster);
    }

    @Test
    void one(LocalCluster cluster, TiSession session, ErgoKv kv) {
      check(cluster, session, kv);
    }

    @Test
    void two(LocalCluster cluster, TiSession session, ErgoKv kv) {
      check(cluster, session, kv);
    }

    private void check(LocalCluster cluster, TiSession session, ErgoKv kv) {
      assertThat(cluster).isSameAs(this.cluster).isSameAs(staticCluster);
      assertThat(session).isSameAs(this.session).isSameAs(staticSession);
      assertThat(kv).isSameAs(this.kv).isSameAs(staticKv);
      assertThat(session.getTimestamp().getVersion()).isPositive();
      assertThat(kv.keyspace()).startsWith("EveryInjectionPoint-");
      assertThat(Note.load(kv, "absent")).isEmpty();
      Recorder.saw(EveryInjectionPoint.class, "test", cluster);
      Recorder.saw(EveryInjectionPoint.class, "test", session);
      Recorder.saw(EveryInjectionPoint.class, "test", kv);
    }
  }

  @TestKitFixture
  @TiKVCluster
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class OneInstanceForTheClass {
    @TiKVCluster.Inject LocalCluster injected;
    @TiKVCluster.Inject ErgoKv kv;
    private final TiSession session;

    OneInstanceForTheClass(TiSession session, LocalCluster cluster, ErgoKv kv) {
      this.session = session;
      Recorder.saw(OneInstanceForTheClass.class, "constructor", session);
      Recorder.saw(OneInstanceForTheClass.class, "constructor", cluster);
      Recorder.saw(OneInstanceForTheClass.class, "constructor", kv);
    }

    @BeforeAll
    void beforeAll(LocalCluster cluster, ErgoKv kv) {
      assertThat(injected).isSameAs(cluster);
      assertThat(this.kv).isSameAs(kv);
      Recorder.saw(OneInstanceForTheClass.class, "beforeAll", cluster);
    }

    @Test
    void one(TiSession session, ErgoKv kv) {
      assertThat(session).isSameAs(this.session);
      Recorder.saw(OneInstanceForTheClass.class, "test", injected);
      Recorder.saw(OneInstanceForTheClass.class, "test", kv);
    }

    @Test
    void two(TiSession session, ErgoKv kv) {
      assertThat(session).isSameAs(this.session);
      Recorder.saw(OneInstanceForTheClass.class, "test", injected);
      Recorder.saw(OneInstanceForTheClass.class, "test", kv);
    }
  }

  @TestKitFixture
  @TiKVCluster
  static class InjectsAString {
    @TiKVCluster.Inject static String name;

    @Test
    void neverRuns() {}
  }

  @TestKitFixture
  @TiKVCluster
  static class InjectsAFinalField {
    @TiKVCluster.Inject final LocalCluster cluster = null;

    @Test
    void neverRuns() {}
  }
}
