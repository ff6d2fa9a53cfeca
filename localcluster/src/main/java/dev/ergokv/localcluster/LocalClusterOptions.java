package dev.ergokv.localcluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link LocalCluster}. Immutable; build with {@link #builder()}.
 *
 * <p>Options that do not apply to the chosen backend are ignored, so one set of options can be
 * redirected to another backend by {@link #fromEnvironment()} without editing tests.
 */
public final class LocalClusterOptions {

  /**
   * System property that selects the backend for a whole run: {@code embedded}, {@code tiup},
   * {@code containers}, or {@code external:host:port[,host:port...]}.
   */
  public static final String BACKEND_PROPERTY = "ergokv.cluster";

  /** Environment variable with the same meaning as {@link #BACKEND_PROPERTY}; the property wins. */
  public static final String BACKEND_ENVIRONMENT_VARIABLE = "ERGOKV_CLUSTER";

  /**
   * System property naming a directory with {@code pd-server} and {@code tikv-server}: the TiUP
   * backend then starts those directly instead of {@code tiup playground} (see {@link
   * #binaryDirectory()}). Applied by {@link Builder#overrideFrom}; other backends ignore it.
   */
  public static final String BINARY_DIRECTORY_PROPERTY = "ergokv.cluster.binaries";

  /** Environment variable with the same meaning as {@link #BINARY_DIRECTORY_PROPERTY}. */
  public static final String BINARY_DIRECTORY_ENVIRONMENT_VARIABLE = "ERGOKV_CLUSTER_BINARIES";

  private final Backend backend;
  private final List<byte[]> splitKeys;
  private final Duration startTimeout;
  private final Optional<Path> dataDirectory;
  private final String tiupVersion;
  private final Optional<Path> binaryDirectory;
  private final String pdImage;
  private final String tikvImage;
  private final List<String> externalPdEndpoints;

  private LocalClusterOptions(Builder b) {
    this.backend = b.backend;
    this.splitKeys = copyKeys(b.splitKeys);
    this.startTimeout = b.startTimeout;
    this.dataDirectory = Optional.ofNullable(b.dataDirectory);
    this.tiupVersion = b.tiupVersion;
    this.binaryDirectory = Optional.ofNullable(b.binaryDirectory);
    this.pdImage = b.pdImage;
    this.tikvImage = b.tikvImage;
    this.externalPdEndpoints = List.copyOf(b.externalPdEndpoints);
  }

  /** The embedded backend with defaults. */
  public static LocalClusterOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the embedded backend with defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default options with the backend taken from {@value #BACKEND_PROPERTY} or {@value
   * #BACKEND_ENVIRONMENT_VARIABLE}, when either is set.
   */
  public static LocalClusterOptions fromEnvironment() {
    return builder().overrideFrom(System.getProperties(), System.getenv()).build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.backend = backend;
    b.splitKeys = copyKeys(splitKeys);
    b.startTimeout = startTimeout;
    b.dataDirectory = dataDirectory.orElse(null);
    b.tiupVersion = tiupVersion;
    b.binaryDirectory = binaryDirectory.orElse(null);
    b.pdImage = pdImage;
    b.tikvImage = tikvImage;
    b.externalPdEndpoints = new ArrayList<>(externalPdEndpoints);
    return b;
  }

  /** The backend to start. */
  public Backend backend() {
    return backend;
  }

  /**
   * Keys (user keys, as passed to the transactional client) at which the embedded cluster's
   * initial regions split. Empty means one region.
   */
  public List<byte[]> splitKeys() {
    return copyKeys(splitKeys);
  }

  /** How long start may take before it fails naming what it waited for. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** Where TiUP and container backends keep logs and data; a temporary directory if empty. */
  public Optional<Path> dataDirectory() {
    return dataDirectory;
  }

  /** The TiKV/PD version that TiUP runs, e.g. {@code v7.1.0}. */
  public String tiupVersion() {
    return tiupVersion;
  }

  /** A directory holding pd-server and tikv-server, used instead of {@code tiup} when set. */
  public Optional<Path> binaryDirectory() {
    return binaryDirectory;
  }

  /** The PD image for the containers backend. */
  public String pdImage() {
    return pdImage;
  }

  /** The TiKV image for the containers backend. */
  public String tikvImage() {
    return tikvImage;
  }

  /** PD endpoints of an existing cluster, for the external backend. */
  public List<String> externalPdEndpoints() {
    return externalPdEndpoints;
  }

  private static List<byte[]> copyKeys(List<byte[]> keys) {
    List<byte[]> copy = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      copy.add(k.clone());
    }
    return copy;
  }

  /** Builds {@link LocalClusterOptions}. */
  public static final class Builder {
    private Backend backend = Backend.EMBEDDED;
    private List<byte[]> splitKeys = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(60);
    private Path dataDirectory;
    private String tiupVersion = "v7.1.0";
    private Path binaryDirectory;
    private String pdImage = "pingcap/pd:v7.1.0";
    private String tikvImage = "pingcap/tikv:v7.1.0";
    private List<String> externalPdEndpoints = new ArrayList<>();

    private Builder() {}

    /** Selects the backend; see {@link Backend}. */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Adds initial split points for the embedded cluster (user keys). */
    public Builder splitKeys(byte[]... keys) {
      for (byte[] k : keys) {
        splitKeys.add(Objects.requireNonNull(k, "split key").clone());
      }
      return this;
    }

    /** How long start may take, including readiness probing; default 60 s. */
    public Builder startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive: " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Where the TiUP and containers backends keep data and logs; kept after close. {@code null}
     * (the default) means a temporary directory, deleted on a clean close.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    /** The version {@code tiup playground} runs, e.g. {@code v7.1.0}. */
    public Builder tiupVersion(String version) {
      this.tiupVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * A directory holding {@code pd-server} and {@code tikv-server}, which the TiUP backend then
     * starts directly; {@code null} (the default) means {@code tiup playground}.
     */
    public Builder binaryDirectory(Path directory) {
      this.binaryDirectory = directory;
      return this;
    }

    /** The PD image for the containers backend, e.g. {@code pingcap/pd:v7.1.0}. */
    public Builder pdImage(String image) {
      this.pdImage = Objects.requireNonNull(image, "image");
      return this;
    }

    /** The TiKV image for the containers backend, e.g. {@code pingcap/tikv:v7.1.0}. */
    public Builder tikvImage(String image) {
      this.tikvImage = Objects.requireNonNull(image, "image");
      return this;
    }

    /**
     * Selects the external backend with these PD endpoints ({@code host:port}, optionally with an
     * {@code http://} prefix).
     *
     * @throws IllegalArgumentException naming the endpoint that is not {@code host:port}
     */
    public Builder external(String... pdEndpoints) {
      List<String> endpoints = new ArrayList<>(pdEndpoints.length);
      for (String endpoint : pdEndpoints) {
        endpoints.add(checkEndpoint(endpoint));
      }
      this.backend = Backend.EXTERNAL;
      this.externalPdEndpoints = endpoints;
      return this;
    }

    private static String checkEndpoint(String endpoint) {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException("empty PD endpoint; expected host:port");
      }
      String e = endpoint.trim();
      String hostPort = e.startsWith("http://") ? e.substring("http://".length()) : e;
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? "" : hostPort.substring(0, colon);
      String port = colon < 0 ? "" : hostPort.substring(colon + 1);
      if (host.isEmpty() || host.contains("/") || !isPort(port)) {
        throw new IllegalArgumentException(
            "PD endpoint '" + endpoint + "' is not host:port (e.g. 127.0.0.1:2379)");
      }
      return e;
    }

    private static boolean isPort(String text) {
      if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535;
    }

    /**
     * Applies the run-wide overrides, if any: the backend from {@value #BACKEND_PROPERTY} in
     * {@code properties}, else {@value #BACKEND_ENVIRONMENT_VARIABLE} in {@code environment}; and
     * the binary directory from {@value #BINARY_DIRECTORY_PROPERTY}, else {@value
     * #BINARY_DIRECTORY_ENVIRONMENT_VARIABLE}. A property that is set but blank counts as unset.
     *
     * @throws IllegalArgumentException naming the setting when its value is not understood
     */
    public Builder overrideFrom(Map<?, ?> properties, Map<String, String> environment) {
      Setting binaries =
          Setting.read(
              properties,
              environment,
              BINARY_DIRECTORY_PROPERTY,
              BINARY_DIRECTORY_ENVIRONMENT_VARIABLE);
      if (binaries != null) {
        try {
          binaryDirectory(Path.of(binaries.value.trim()));
        } catch (java.nio.file.InvalidPathException e) {
          throw new IllegalArgumentException(
              binaries.source + "=" + binaries.value + ": not a directory path", e);
        }
      }
      Setting cluster =
          Setting.read(properties, environment, BACKEND_PROPERTY, BACKEND_ENVIRONMENT_VARIABLE);
      if (cluster == null) {
        return this;
      }
      String source = cluster.source;
      String value = cluster.value;
      String v = value.trim();
      int colon = v.indexOf(':');
      String kind = (colon < 0 ? v : v.substring(0, colon)).toLowerCase(Locale.ROOT);
      if (colon >= 0 && !kind.equals("external")) {
        // "tiup:/opt/bin" must not quietly mean plain "tiup" with the directory ignored.
        throw new IllegalArgumentException(
            source
                + "="
                + value
                + ": only external takes a value after ':'"
                + (kind.equals("tiup")
                    ? "; set the binary directory with " + BINARY_DIRECTORY_PROPERTY
                    : ""));
      }
      switch (kind) {
        case "embedded":
          return backend(Backend.EMBEDDED);
        case "tiup":
          return backend(Backend.TIUP);
        case "containers":
        case "testcontainers":
          return backend(Backend.CONTAINERS);
        case "external":
          if (colon < 0 || v.substring(colon + 1).isBlank()) {
            throw new IllegalArgumentException(
                source + "=" + value + ": external needs PD endpoints, e.g. external:127.0.0.1:2379");
          }
          try {
            return external(v.substring(colon + 1).trim().split("\\s*,\\s*", -1));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + "=" + value + ": " + e.getMessage(), e);
          }
        default:
          throw new IllegalArgumentException(
              source
                  + "="
                  + value
                  + ": expected embedded, tiup, containers or external:host:port[,host:port]");
      }
    }

    /**
     * The options.
     *
     * @throws IllegalStateException when the external backend has no PD endpoint
     */
    public LocalClusterOptions build() {
      if (backend == Backend.EXTERNAL && externalPdEndpoints.isEmpty()) {
        throw new IllegalStateException("the external backend needs at least one PD endpoint");
      }
      return new LocalClusterOptions(this);
    }
  }

  /** One override read from a system property, else from the environment variable. */
  private static final class Setting {
    final String source;
    final String value;

    private Setting(String source, String value) {
      this.source = source;
      this.value = value;
    }

    static Setting read(
        Map<?, ?> properties, Map<String, String> environment, String property, String variable) {
      Object fromProperty = properties.get(property);
      if (fromProperty != null && !fromProperty.toString().isBlank()) {
        return new Setting(property, fromProperty.toString());
      }
      String fromEnvironment = environment.get(variable);
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        return new Setting(variable, fromEnvironment);
      }
      return null;
    }
  }
}
