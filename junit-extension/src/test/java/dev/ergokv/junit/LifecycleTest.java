package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/** When clusters start and stop, per class and shared. */
class LifecycleTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void aClassGetsOneClusterForAllItsTestsAndItIsClosedAfterTheClass() {
    EngineExecutionResults results = TestKit.run(ThreeTests.class);

    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(TestKit.clustersStarted(results)).hasSize(1);
    List<LocalCluster> clusters = Recorder.all(LocalCluster.class);
    assertThat(clusters).hasSize(5); // beforeAll, three tests, afterAll
    assertThat(Recorder.distinct(clusters)).hasSize(1);
    assertThat(Recorder.places(ThreeTests.class, LocalCluster.class)).first().isEqualTo("beforeAll");
    assertThat(Recorder.places(ThreeTests.class, LocalCluster.class)).last().isEqualTo("afterAll");
    assertThat(clusters.get(0).embedded().orElseThrow().isServing()).isFalse();
    TiSession session = Recorder.all(TiSession.class).get(0);
    assertThatThrownBy(session::getTimestamp).hasMessageContaining("closed");
  }

  @Test
  void eachClassHasAClusterOfItsOwnThatNoOtherClassWritesTo() {
    EngineExecutionResults results = TestKit.run(WritesTheSameKey.class, AlsoWritesTheSameKey.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).hasSize(2).doesNotHaveDuplicates();
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(2);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(2);
  }

  @Test
  void sharedClassesUseOneClusterThatIsClosedWhenTheRunEnds() {
    EngineExecutionResults results = TestKit.run(SharedOne.class, SharedTwo.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).singleElement().asString().endsWith("(shared)");
    List<LocalCluster> clusters = Recorder.all(LocalCluster.class);
    assertThat(Recorder.distinct(clusters)).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
    assertThat(clusters.get(0).embedded().orElseThrow().isServing()).isFalse();
    assertThatThrownBy(Recorder.all(TiSession.class).get(0)::getTimestamp)
        .hasMessageContaining("closed");
  }

  @Test
  void sharedClassesWithDifferentSplitKeysGetDifferentClusters() {
    EngineExecutionResults results = TestKit.run(SharedOne.class, SharedWithSplits.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).hasSize(2);
    assertThat(Recorder.all(SharedWithSplits.class, Integer.class)).containsExactly(3);
  }

  @Test
  void nestedClassesUseTheirEnclosingClassesCluster() {
    EngineExecutionResults results = TestKit.run(WithNested.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
  }

  @TestKitFixture
  @TiKVCluster
  static class ThreeTests {
    @BeforeAll
    static void beforeAll(LocalCluster cluster) {
      assertThat(cluster.embedded().orElseThrow().isServing()).isTrue();
      Recorder.saw(ThreeTests.class, "beforeAll", cluster);
    }

    @Test
    void one(LocalCluster cluster, TiSession session) {
      Recorder.saw(ThreeTests.class, "one", cluster);
      Recorder.saw(ThreeTests.class, "one", session);
    }

    @Test
    void two(LocalCluster cluster) {
      Recorder.saw(ThreeTests.class, "two", cluster);
    }

    @Test
    void three(LocalCluster cluster) {
      Recorder.saw(ThreeTests.class, "three", cluster);
    }

    @AfterAll
    static void afterAll(LocalCluster cluster, TiSession session) {
      // Still usable in @AfterAll: the extension closes after the class's own methods.
      assertThat(cluster.embedded().orElseThrow().isServing()).isTrue();
      assertThat(session.getTimestamp().getVersion()).isPositive();
      Recorder.saw(ThreeTests.class, "afterAll", cluster);
    }
  }

  /** Fails if it ever shares a cluster with {@link AlsoWritesTheSameKey}, whichever runs first. */
  @TestKitFixture
  @TiKVCluster
  static class WritesTheSameKey {
    @Test
    void findsTheKeyUnsetThenSetsIt(LocalCluster cluster, TiSession session) throws Exception {
      Recorder.saw(WritesTheSameKey.class, "test", cluster);
      Recorder.saw(WritesTheSameKey.class, "test", session);
      assertThat(Kv.get(session, "the-key")).isEmpty();
      Kv.put(session, "the-key", getClass().getSimpleName());
      assertThat(Kv.get(session, "the-key")).contains(getClass().getSimpleName());
    }
  }

  @TestKitFixture
  @TiKVCluster
  static class AlsoWritesTheSameKey extends WritesTheSameKey {}

  @TestKitFixture
  @TiKVCluster(shared = true)
  static class SharedOne {
    @Test
    void sees(LocalCluster cluster, TiSession session) {
      Recorder.saw(SharedOne.class, "test", cluster);
      Recorder.saw(SharedOne.class, "test", session);
    }
  }

  @TestKitFixture
  @TiKVCluster(shared = true)
  static class SharedTwo {
    @Test
    void sees(LocalCluster cluster, TiSession session) {
      Recorder.saw(SharedTwo.class, "test", cluster);
      Recorder.saw(SharedTwo.class, "test", session);
    }
  }

  @TestKitFixture
  @TiKVCluster(shared = true, splitKeys = {"g", "p"})
  static class SharedWithSplits {
    @Test
    void hasThreeRegions(LocalCluster cluster) {
      Recorder.saw(SharedWithSplits.class, "test", cluster);
      Recorder.saw(
          SharedWithSplits.class, "regions", cluster.embedded().orElseThrow().regions().size());
    }
  }

  @TestKitFixture
  @TiKVCluster
  static class WithNested {
    @TiKVCluster.Inject LocalCluster outerField;

    @Test
    void outer(LocalCluster cluster) {
      Recorder.saw(WithNested.class, "outer", cluster);
    }

    @Nested
    class Inner {
      @TiKVCluster.Inject LocalCluster innerField;

      @Test
      void inner(LocalCluster cluster) {
        assertThat(innerField).isSameAs(cluster);
        assertThat(outerField).isSameAs(cluster);
        Recorder.saw(WithNested.class, "inner", cluster);
      }
    }
  }
}
