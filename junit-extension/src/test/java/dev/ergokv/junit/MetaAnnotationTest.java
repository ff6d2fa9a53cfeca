package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** @TiKVCluster on the user's own annotation, and inherited from a base class. */
class MetaAnnotationTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void aComposedAnnotationCarriesTheSettings() {
    EngineExecutionResults results = TestKit.run(UsesTheTeamAnnotation.class, AlsoUsesIt.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).singleElement().asString().endsWith("(shared)");
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
    assertThat(Recorder.all(Integer.class)).containsExactly(2, 2);
  }

  @Test
  void aSubclassInheritsItsBaseClassesCluster() {
    EngineExecutionResults results = TestKit.run(InheritsTheAnnotation.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).singleElement().asString().doesNotEndWith("(shared)");
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
  }

  /** What a team would write once and put on every storage test. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Inherited
  @TiKVCluster(shared = true, splitKeys = "m")
  @interface StorageTest {}

  @TestKitFixture
  @StorageTest
  static class UsesTheTeamAnnotation {
    @TiKVCluster.Inject LocalCluster cluster;

    @Test
    void getsTheSharedClusterWithItsSplit() {
      Recorder.saw(getClass(), "test", cluster);
      Recorder.saw(getClass(), "regions", cluster.embedded().orElseThrow().regions().size());
    }
  }

  @TestKitFixture
  @StorageTest
  static class AlsoUsesIt extends UsesTheTeamAnnotation {}

  @TiKVCluster
  abstract static class AnnotatedBase {
    @TiKVCluster.Inject static LocalCluster cluster;

    @Test
    void inherited() {
      Recorder.saw(getClass(), "inherited", cluster);
    }
  }

  @TestKitFixture
  static class InheritsTheAnnotation extends AnnotatedBase {
    @Test
    void own(LocalCluster injected) {
      assertThat(injected).isSameAs(cluster);
      Recorder.saw(getClass(), "own", injected);
    }
  }
}
