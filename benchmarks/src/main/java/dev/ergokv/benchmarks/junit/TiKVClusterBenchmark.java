package dev.ergokv.benchmarks.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ergokv.ErgoKv;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.junit.TiKVCluster;
import dev.ergokv.localcluster.LocalCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tikv.common.TiSession;

/**
 * What {@code @TiKVCluster} adds to a test class, in a warm JVM: one operation runs a one-test
 * class through the JUnit launcher, as a build does. {@code annotatedClass} minus {@code plainClass}
 * is the extension's per-class overhead: start the embedded cluster, connect the session, create
 * the class's ErgoKv, inject them (the test reads once through each), and close all three.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TiKVClusterBenchmark {

  private Launcher launcher;
  private LauncherDiscoveryRequest annotated;
  private LauncherDiscoveryRequest plain;

  /** One launcher for the run; each operation is one execution request. */
  @Setup
  public void createLauncher() {
    launcher = LauncherFactory.create();
    annotated = request(OwnCluster.class);
    plain = request(NoCluster.class);
  }

  /** A class with its own embedded cluster; its test takes the cluster, session and ErgoKv. */
  @Benchmark
  public long annotatedClass() {
    return run(annotated);
  }

  /** The same class without the annotation: what JUnit itself costs per class. */
  @Benchmark
  public long plainClass() {
    return run(plain);
  }

  private static LauncherDiscoveryRequest request(Class<?> testClass) {
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        // The overhead of the embedded cluster is what is measured, whatever the shell says.
        .configurationParameter("ergokv.cluster", "embedded")
        .build();
  }

  private long run(LauncherDiscoveryRequest request) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTestsSucceededCount() != 1 || summary.getTotalFailureCount() != 0) {
      throw new IllegalStateException(
          "the benchmark's test class did not pass: "
              + summary.getFailures().stream().map(f -> f.getException().toString()).toList());
    }
    return summary.getTestsSucceededCount();
  }

  /** Uses everything the extension opens for a class. */
  @TiKVCluster
  public static class OwnCluster {
    /** Touches the cluster through the injected session and ErgoKv. */
    @Test
    public void usesTheCluster(LocalCluster cluster, TiSession session, ErgoKv kv) {
      if (session.getTimestamp().getVersion() <= 0 || cluster.pdEndpoints().isEmpty()) {
        throw new AssertionError("the injected cluster does not answer");
      }
      if (kv.read(tx -> tx.count(Marker.class)) != 0) {
        throw new AssertionError("a new cluster holds data");
      }
    }
  }

  /** An entity for the injected ErgoKv to look for. */
  @Entity
  public record Marker(@Key String id) {}

  /** The baseline: a one-test class with nothing to start. */
  public static class NoCluster {
    /** Does as little as a test can. */
    @Test
    public void doesNothing() {}
  }
}
