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

    public Builder startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive: " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    public Builder tiupVersion(String version) {
      this.tiupVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder binaryDirectory(Path directory) {
      this.binaryDirectory = directory;
      return this;
    }

    public Builder pdImage(String image) {
      this.pdImage = Objects.requireNonNull(image, "image");
      return this;
    }

    public Builder tikvImage(String image) {
      this.tikvImage = Objects.requireNonNull(image, "image");
      return this;
    }

    /** Selects the external backend with these PD endpoints ({@code host:port}). */
    public Builder external(String... pdEndpoints) {
      this.backend = Backend.EXTERNAL;
      this.externalPdEndpoints = new ArrayList<>(List.of(pdEndpoints));
      return this;
    }

    /**
     * Applies the run-wide override, if any: {@value #BACKEND_PROPERTY} from {@code properties},
     * else {@value #BACKEND_ENVIRONMENT_VARIABLE} from {@code environment}.
     *
     * @throws IllegalArgumentException naming the setting when its value is not understood
     */
    public Builder overrideFrom(Map<?, ?> properties, Map<String, String> environment) {
      Object fromProperty = properties.get(BACKEND_PROPERTY);
      String source = BACKEND_PROPERTY;
      String value = fromProperty == null ? null : fromProperty.toString();
      if (value == null || value.isBlank()) {
        value = environment.get(BACKEND_ENVIRONMENT_VARIABLE);
        source = BACKEND_ENVIRONMENT_VARIABLE;
      }
      if (value == null || value.isBlank()) {
        return this;
      }
      String v = value.trim();
      int colon = v.indexOf(':');
      String kind = (colon < 0 ? v : v.substring(0, colon)).toLowerCase(Locale.ROOT);
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
          return external(v.substring(colon + 1).trim().split("\\s*,\\s*"));
        default:
          throw new IllegalArgumentException(
              source
                  + "="
                  + value
                  + ": expected embedded, tiup, containers or external:host:port[,host:port]");
      }
    }

    public LocalClusterOptions build() {
      if (backend == Backend.EXTERNAL && externalPdEndpoints.isEmpty()) {
        throw new IllegalStateException("the external backend needs at least one PD endpoint");
      }
      return new LocalClusterOptions(this);
    }
  }
}
