package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tikv.kvproto.Metapb;

/**
 * The real transaction check against a PD that cannot serve transactions (the fake answers only
 * GetMembers and GetAllStores): it must fail in bounded time and leave no thread that would keep
 * the JVM alive. Its success path needs a working cluster: see the real-backend tests.
 */
@Timeout(60)
class ClientTransactionCheckTest {

  @Test
  void failsInBoundedTimeAndClosesItsSessionWhenTheClusterCannotCommit() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    try (FakePdGrpcServer pd = FakePdGrpcServer.start().store(1, "127.0.0.1:1", Metapb.StoreState.Up)) {
      long begin = System.nanoTime();

      assertThatThrownBy(
              () -> new ClientTransactionCheck().run(List.of(pd.endpoint()), Map.of(), Duration.ofSeconds(2)))
          // The fake has no TSO: the first timestamp fails.
          .hasMessageContaining("Tso is unimplemented");

      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    }
    Set<Thread> leaked = nonDaemonThreads();
    leaked.removeAll(before);
    assertThat(leaked.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toList()))
        .as("non-daemon threads left by the check")
        .isEmpty();
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
