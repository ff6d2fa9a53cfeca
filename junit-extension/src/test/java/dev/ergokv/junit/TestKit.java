package dev.ergokv.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ergokv.junit.internal.TiKVClusterExtension;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs fixture classes through the Jupiter engine, as a build would, and reads the results. */
final class TestKit {

  private TestKit() {}

  /**
   * A request for {@code fixtures} on the embedded backend, whatever this JVM's own override says:
   * the tests check the extension, not the cluster it is pointed at.
   */
  static EngineTestKit.Builder request(Class<?>... fixtures) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(TestKitFixture.PARAMETER, "true")
        .configurationParameter(LocalClusterOptions.BACKEND_PROPERTY, "embedded")
        .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new));
  }

  static EngineExecutionResults run(Class<?>... fixtures) {
    return request(fixtures).execute();
  }

  /** What the report says about every cluster the extension started, in order. */
  static List<String> clustersStarted(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .map(pairs -> pairs.get(TiKVClusterExtension.STARTED_REPORT_KEY))
        .filter(Objects::nonNull)
        .toList();
  }

  /** The exceptions of the events, e.g. {@code containerEvents().aborted()}. */
  static List<Throwable> throwables(Events events) {
    return events.stream()
        .map(TestKit::throwable)
        .toList();
  }

  private static Throwable throwable(Event event) {
    return event
        .getRequiredPayload(TestExecutionResult.class)
        .getThrowable()
        .orElseThrow(() -> new AssertionError("no exception in " + event));
  }

  /** Configuration parameters of a run with parallel classes. */
  static Map<String, String> parallelClasses(int threads) {
    return Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(threads));
  }
}
