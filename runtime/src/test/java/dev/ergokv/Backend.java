package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.testing.InMemoryEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The engine a behaviour suite runs on, registered as an extension by each concrete test class:
 * {@link #inMemory()} for fast logic tests, {@link #cluster()} for the same scenarios on the
 * embedded PD+TiKV cluster with the real engine (one cluster per test class). Every {@link #open}
 * uses a fresh keyspace, so tests never see each other's data.
 */
public abstract class Backend implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

  private static final AtomicInteger KEYSPACES = new AtomicInteger();

  private final List<ErgoKv> opened = new ArrayList<>();

  /** The in-memory engine. */
  public static Backend inMemory() {
    return new InMemory();
  }

  /** The real engine on an embedded cluster started for the test class. */
  public static Backend cluster() {
    return new Cluster();
  }

  /** The engine under test, for raw reads and writes that bypass the entity layer. */
  public abstract KvEngine engine();

  /** A name for reports. */
  public abstract String name();

  /** An ErgoKv in a fresh keyspace. */
  public ErgoKv open() {
    return open(UnaryOperator.identity());
  }

  /** An ErgoKv in a fresh keyspace with extra settings. */
  public ErgoKv open(UnaryOperator<ErgoKv.Builder> settings) {
    ErgoKv.Builder builder =
        ErgoKv.builder().keyspace("test-" + KEYSPACES.incrementAndGet() + "-" + System.nanoTime());
    ErgoKv kv = settings.apply(builder).buildOn(engine(), false);
    opened.add(kv);
    return kv;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    opened.forEach(ErgoKv::close);
    opened.clear();
  }

  static final class InMemory extends Backend {
    private InMemoryEngine engine;

    @Override
    public void beforeAll(ExtensionContext context) {
      engine = new InMemoryEngine();
    }

    @Override
    public void afterEach(ExtensionContext context) {
      super.afterEach(context);
      // Every transaction a test (or ErgoKv for it) began was ended.
      assertThat(engine.openTransactions()).as("transactions left open").isZero();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      engine.close();
    }

    @Override
    public InMemoryEngine engine() {
      return engine;
    }

    @Override
    public String name() {
      return "in-memory";
    }
  }

  static final class Cluster extends Backend {
    private LocalCluster cluster;
    private KvEngine engine;

    @Override
    public void beforeAll(ExtensionContext context) {
      cluster = LocalCluster.start();
      try {
        engine =
            TikvEngine.connect(
                new EngineConfig(
                    cluster.pdEndpoints(),
                    cluster.hostMapping(),
                    null,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(3)));
      } catch (UnsupportedOperationException e) {
        cluster.close();
        cluster = null;
        Assumptions.abort(
            "The TiKV engine is not on this branch yet (TikvEngine.connect is a placeholder): "
                + e.getMessage());
      }
    }

    @Override
    public void afterAll(ExtensionContext context) {
      try {
        if (engine != null) {
          engine.close();
        }
      } finally {
        if (cluster != null) {
          cluster.close();
        }
      }
    }

    @Override
    public KvEngine engine() {
      return engine;
    }

    @Override
    public String name() {
      return "cluster";
    }

    Map<String, String> hostMapping() {
      return cluster.hostMapping();
    }
  }
}
