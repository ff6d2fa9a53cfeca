package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import dev.ergokv.localcluster.LocalCluster;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/** Shared classes running in parallel ask for the cluster at the same moment: one is started. */
class ParallelClassesTest {

  private static final int CLASSES = 4;

  /** Holds each class's beforeAll until all of them are there, so they race for the cluster. */
  private static volatile CyclicBarrier startLine;

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
    startLine = new CyclicBarrier(CLASSES);
  }

  @Test
  void sharedClassesStartedTogetherCreateExactlyOneCluster() {
    EngineExecutionResults results =
        TestKit.request(First.class, Second.class, Third.class, Fourth.class)
            .configurationParameters(TestKit.parallelClasses(CLASSES))
            .execute();

    // A class that never met the others at the start line fails with a TimeoutException.
    results.allEvents().assertStatistics(s -> s.failed(0).aborted(0));
    results.testEvents().assertStatistics(s -> s.succeeded(CLASSES));
    assertThat(TestKit.clustersStarted(results)).hasSize(1);
    assertThat(Recorder.all(LocalCluster.class)).hasSize(CLASSES);
    assertThat(Recorder.distinct(Recorder.all(LocalCluster.class))).hasSize(1);
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
    assertThat(Recorder.all(String.class)).hasSize(CLASSES).doesNotHaveDuplicates();
  }

  /** Registered before @TiKVCluster, so it runs first. */
  static final class StartTogether implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
      startLine.await(30, TimeUnit.SECONDS);
    }
  }

  abstract static class SharedFixture {
    @Test
    void usesTheSharedCluster(LocalCluster cluster, TiSession session, ErgoKv kv) {
      assertThat(Note.load(kv, "the-note")).isEmpty();
      kv.transact(tx -> tx.save(new Note("the-note", getClass().getSimpleName())));
      Recorder.saw(getClass(), "keyspace", kv.keyspace());
      Recorder.saw(getClass(), "test", cluster);
      Recorder.saw(getClass(), "test", session);
    }
  }

  @TestKitFixture
  @ExtendWith(StartTogether.class)
  @TiKVCluster(shared = true)
  static class First extends SharedFixture {}

  @TestKitFixture
  @ExtendWith(StartTogether.class)
  @TiKVCluster(shared = true)
  static class Second extends SharedFixture {}

  @TestKitFixture
  @ExtendWith(StartTogether.class)
  @TiKVCluster(shared = true)
  static class Third extends SharedFixture {}

  @TestKitFixture
  @ExtendWith(StartTogether.class)
  @TiKVCluster(shared = true)
  static class Fourth extends SharedFixture {}
}
