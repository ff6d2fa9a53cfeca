package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/** Every injection point receives the class's cluster and the cluster's one session. */
class InjectionTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void fieldsConstructorsAndMethodParametersGetTheSameClusterAndSession() {
    EngineExecutionResults results = TestKit.run(EveryInjectionPoint.class);

    results.allEvents().assertStatistics(s -> s.failed(0).aborted(0));
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(Recorder.places(EveryInjectionPoint.class, LocalCluster.class))
        .containsExactly(
            "beforeAll", "constructor", "beforeEach", "test", "constructor", "beforeEach", "test");
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
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
    @TiKVCluster.Inject LocalCluster cluster;
    @TiKVCluster.Inject private TiSession session;

    private final LocalCluster constructedWith;
    private final TiSession constructedWithSession;

    EveryInjectionPoint(LocalCluster cluster, TiSession session) {
      this.constructedWith = cluster;
      this.constructedWithSession = session;
      Recorder.saw(EveryInjectionPoint.class, "constructor", cluster);
      Recorder.saw(EveryInjectionPoint.class, "constructor", session);
    }

    @BeforeAll
    static void beforeAll(LocalCluster cluster, TiSession session) {
      assertThat(staticCluster).isSameAs(cluster);
      assertThat(staticSession).isSameAs(session);
      Recorder.saw(EveryInjectionPoint.class, "beforeAll", cluster);
      Recorder.saw(EveryInjectionPoint.class, "beforeAll", session);
    }

    @BeforeEach
    void beforeEach(LocalCluster cluster, TiSession session) {
      assertThat(this.cluster).isSameAs(cluster).isSameAs(constructedWith);
      assertThat(this.session).isSameAs(session).isSameAs(constructedWithSession);
      Recorder.saw(EveryInjectionPoint.class, "beforeEach", cluster);
    }

    @Test
    void one(LocalCluster cluster, TiSession session) {
      check(cluster, session);
    }

    @Test
    void two(LocalCluster cluster, TiSession session) {
      check(cluster, session);
    }

    private void check(LocalCluster cluster, TiSession session) {
      assertThat(cluster).isSameAs(this.cluster).isSameAs(staticCluster);
      assertThat(session).isSameAs(this.session).isSameAs(staticSession);
      assertThat(session.getTimestamp().getVersion()).isPositive();
      Recorder.saw(EveryInjectionPoint.class, "test", cluster);
      Recorder.saw(EveryInjectionPoint.class, "test", session);
    }
  }

  @TestKitFixture
  @TiKVCluster
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class OneInstanceForTheClass {
    @TiKVCluster.Inject LocalCluster injected;
    private final TiSession session;

    OneInstanceForTheClass(TiSession session, LocalCluster cluster) {
      this.session = session;
      Recorder.saw(OneInstanceForTheClass.class, "constructor", session);
      Recorder.saw(OneInstanceForTheClass.class, "constructor", cluster);
    }

    @BeforeAll
    void beforeAll(LocalCluster cluster) {
      assertThat(injected).isSameAs(cluster);
      Recorder.saw(OneInstanceForTheClass.class, "beforeAll", cluster);
    }

    @Test
    void one(TiSession session) {
      assertThat(session).isSameAs(this.session);
      Recorder.saw(OneInstanceForTheClass.class, "test", injected);
    }

    @Test
    void two(TiSession session) {
      assertThat(session).isSameAs(this.session);
      Recorder.saw(OneInstanceForTheClass.class, "test", injected);
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
