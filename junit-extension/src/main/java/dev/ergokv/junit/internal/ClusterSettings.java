package dev.ergokv.junit.internal;

import dev.ergokv.junit.TiKVCluster;
import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The cluster one annotated class asks for: the annotation's choices with the run-wide overrides
 * applied. Two classes whose settings have equal {@link #sharingKey()}s can share a cluster.
 */
final class ClusterSettings {

  private final Backend backend;
  /** Null when the external backend was chosen without endpoints. */
  private final LocalClusterOptions options;

  private final List<String> splitKeys;

  private ClusterSettings(LocalClusterOptions options, List<String> splitKeys) {
    this.options = options;
    this.backend = options == null ? Backend.EXTERNAL : options.backend();
    this.splitKeys = splitKeys;
  }

  /**
   * Resolves the settings of {@code testClass}.
   *
   * @param configuration JUnit configuration parameters; they fall back to system properties, so
   *     {@code -Dergokv.cluster=...} and {@code junit-platform.properties} both work
   * @param environment the process environment ({@code ERGOKV_CLUSTER})
   * @throws ExtensionConfigurationException naming the setting when an override is not understood
   */
  static ClusterSettings resolve(
      Class<?> testClass,
      TiKVCluster annotation,
      Function<String, Optional<String>> configuration,
      Map<String, String> environment) {
    // An external cluster's endpoints can only come from the run's override; until then the
    // builder holds a backend it can build.
    boolean wantsExternal = annotation.backend() == Backend.EXTERNAL;
    LocalClusterOptions.Builder builder =
        LocalClusterOptions.builder().backend(wantsExternal ? Backend.EMBEDDED : annotation.backend());
    List<String> splitKeys = List.of(annotation.splitKeys());
    for (String key : splitKeys) {
      builder.splitKeys(key.getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> overrides = new HashMap<>();
    for (String name :
        List.of(
            LocalClusterOptions.BACKEND_PROPERTY, LocalClusterOptions.BINARY_DIRECTORY_PROPERTY)) {
      configuration
          .apply(name)
          .filter(value -> !value.isBlank())
          .ifPresent(value -> overrides.put(name, value));
    }
    try {
      builder.overrideFrom(overrides, environment);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@TiKVCluster on " + testClass.getName() + ": " + e.getMessage(), e);
    }
    boolean backendOverridden =
        overrides.containsKey(LocalClusterOptions.BACKEND_PROPERTY)
            || !environment
                .getOrDefault(LocalClusterOptions.BACKEND_ENVIRONMENT_VARIABLE, "")
                .isBlank();
    LocalClusterOptions options = builder.build();
    return new ClusterSettings(wantsExternal && !backendOverridden ? null : options, splitKeys);
  }

  /** The backend this class will get. */
  Backend backend() {
    return backend;
  }

  /**
   * The options to start the cluster with.
   *
   * @throws BackendUnavailableException when the external backend was chosen without endpoints:
   *     there is no cluster to run against here, which is a reason to skip
   */
  LocalClusterOptions options() {
    if (options == null) {
      throw new BackendUnavailableException(
          Backend.EXTERNAL,
          "no external cluster named; set "
              + LocalClusterOptions.BACKEND_PROPERTY
              + "=external:host:port[,host:port] (or "
              + LocalClusterOptions.BACKEND_ENVIRONMENT_VARIABLE
              + ")");
    }
    return options;
  }

  /** What makes two clusters interchangeable for tests that each stay in their own keyspace. */
  SharingKey sharingKey() {
    return new SharingKey(
        backend,
        splitKeys,
        options == null ? List.of() : options.externalPdEndpoints(),
        options == null ? "" : options.binaryDirectory().map(Object::toString).orElse(""));
  }

  /** Root-store key of a shared cluster. */
  record SharingKey(
      Backend backend,
      List<String> splitKeys,
      List<String> externalEndpoints,
      String binaryDirectory) {}
}
