package dev.ergokv.internal.txn.tikv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An embedded cluster and engines on it, for the engine's tests. */
final class EngineFixture implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final Duration LOCK_TTL = Duration.ofSeconds(3);

  final LocalCluster cluster;
  final EmbeddedCluster embedded;
  private final List<TikvEngine> engines = new ArrayList<>();

  private EngineFixture(LocalCluster cluster) {
    this.cluster = cluster;
    this.embedded = cluster.embedded().orElseThrow();
  }

  /** An embedded cluster with regions split at these keys. */
  static EngineFixture start(String... splitKeys) {
    byte[][] keys = new byte[splitKeys.length][];
    for (int i = 0; i < splitKeys.length; i++) {
      keys[i] = b(splitKeys[i]);
    }
    return new EngineFixture(
        LocalCluster.start(LocalClusterOptions.builder().backend(Backend.EMBEDDED).splitKeys(keys).build()));
  }

  EngineConfig config(Duration requestTimeout, Duration lockTtl) {
    return new EngineConfig(cluster.pdEndpoints(), Map.of(), null, CONNECT_TIMEOUT, requestTimeout, lockTtl);
  }

  /** An engine with the default configuration of these tests, closed with the fixture. */
  TikvEngine engine() {
    return engine(REQUEST_TIMEOUT, LOCK_TTL, TikvEngine.Tuning.DEFAULT);
  }

  TikvEngine engine(Duration requestTimeout, Duration lockTtl, TikvEngine.Tuning tuning) {
    TikvEngine engine = TikvEngine.connect(config(requestTimeout, lockTtl), tuning);
    engines.add(engine);
    return engine;
  }

  /** Commits {@code key = value} in a transaction of its own. */
  static void write(TikvEngine engine, String key, String value) {
    try (KvTransaction tx = engine.begin()) {
      tx.put(b(key), b(value));
      tx.commit();
    }
  }

  /** The committed value of {@code key} (a fresh read-only transaction), or null. */
  static String read(TikvEngine engine, String key) {
    try (KvTransaction tx = engine.beginReadOnly()) {
      return tx.get(b(key)).map(EngineFixture::s).orElse(null);
    }
  }

  /** Waits (bounded) until no key holds a lock: background commits of secondaries may still run. */
  void awaitNoLocks() {
    awaitTrue("no locks left, but " + lockedKeys(), () -> embedded.lockedKeys().isEmpty());
  }

  List<String> lockedKeys() {
    List<String> out = new ArrayList<>();
    for (byte[] k : embedded.lockedKeys()) {
      out.add(s(k));
    }
    return out;
  }

  /** Probes {@code condition} until it holds, for at most 10 s. */
  static void awaitTrue(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("waiting for: %s", what).isNegative();
      try {
        Thread.sleep(5); // a probe interval, not a wait for readiness
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    for (TikvEngine engine : engines) {
      engine.close();
    }
    cluster.close();
  }
}
