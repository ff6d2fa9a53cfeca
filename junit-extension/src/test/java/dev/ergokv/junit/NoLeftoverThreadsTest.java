package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/**
 * After a run, nothing the extension opened keeps the JVM alive: client-java's sessions hold
 * non-daemon threads, so an unclosed one (or an unclosed ErgoKv's) would show here.
 */
class NoLeftoverThreadsTest {

  private static final Duration THREADS_END_WITHIN = Duration.ofSeconds(10);

  @Test
  void aRunLeavesNoNonDaemonThreadBehind() throws InterruptedException {
    Set<Thread> before = nonDaemonThreads();

    EngineExecutionResults results =
        TestKit.run(OwnClusterThatWrites.class, SharedClusterThatWrites.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(TestKit.clustersStarted(results)).hasSize(2);
    // The session shuts its pools down without waiting for their threads: give them a moment.
    long deadline = System.nanoTime() + THREADS_END_WITHIN.toNanos();
    Set<Thread> left = leftSince(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      for (Thread t : left) {
        t.join(100);
      }
      left = leftSince(before);
    }
    assertThat(left.stream().map(Thread::getName).collect(Collectors.toList()))
        .as("non-daemon threads still running %s after the run", THREADS_END_WITHIN)
        .isEmpty();
  }

  private static Set<Thread> leftSince(Set<Thread> before) {
    Set<Thread> now = nonDaemonThreads();
    now.removeAll(before);
    return now;
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  @TestKitFixture
  @TiKVCluster
  static class OwnClusterThatWrites {
    @Test
    void writes(TiSession session, ErgoKv kv) throws Exception {
      Kv.put(session, "k", "v");
      assertThat(Kv.get(session, "k")).contains("v");
      kv.transact(tx -> tx.save(new Note("n", "v")));
      assertThat(Note.load(kv, "n")).isPresent();
    }
  }

  @TestKitFixture
  @TiKVCluster(shared = true)
  static class SharedClusterThatWrites {
    @Test
    void writes(TiSession session, ErgoKv kv) throws Exception {
      Kv.put(session, "k", "v");
      assertThat(Kv.get(session, "k")).contains("v");
      kv.transact(tx -> tx.save(new Note("n", "v")));
      assertThat(Note.load(kv, "n")).isPresent();
    }
  }
}
