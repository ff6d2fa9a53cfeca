package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.read;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static dev.ergokv.internal.txn.tikv.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.internal.txn.KeyExistsException;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.localcluster.embedded.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads and writes through the engine against the embedded cluster (regions split at "g" and "p"):
 * round trips, read-your-writes in get, batch get and scan, snapshot isolation, read-only
 * transactions, and the write buffer's rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadWriteTest {

  private EngineFixture fixture;
  private TikvEngine engine;

  @BeforeAll
  void start() {
    // The scan test keeps to keys after "zz-scan/" (nothing else is there), in three regions too.
    fixture = EngineFixture.start("g", "p", "zz-scan/g", "zz-scan/p");
    engine = fixture.engine();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void putGetDeleteRoundTrip() {
    write(engine, "rt/k", "v1");
    assertThat(read(engine, "rt/k")).isEqualTo("v1");

    write(engine, "rt/k", "v2");
    assertThat(read(engine, "rt/k")).isEqualTo("v2");

    try (KvTransaction tx = engine.begin()) {
      tx.delete(b("rt/k"));
      tx.commit();
    }
    assertThat(read(engine, "rt/k")).isNull();
    assertThat(fixture.lockedKeys()).isEmpty();
  }

  @Test
  void aTransactionReadsItsOwnWrites() {
    write(engine, "ryw/deleted", "old");
    write(engine, "ryw/locked", "kept");
    try (KvTransaction tx = engine.begin()) {
      tx.put(b("ryw/new"), b("mine"));
      tx.delete(b("ryw/deleted"));
      tx.lock(b("ryw/locked"));

      assertThat(tx.get(b("ryw/new")).map(EngineFixture::s)).contains("mine");
      assertThat(tx.get(b("ryw/deleted"))).isEmpty();
      assertThat(tx.get(b("ryw/locked")).map(EngineFixture::s)).contains("kept");
      assertThat(tx.hasWrites()).isTrue();
      // Nobody else sees them before commit.
      assertThat(read(engine, "ryw/new")).isNull();
      tx.commit();
    }
    assertThat(read(engine, "ryw/new")).isEqualTo("mine");
    assertThat(read(engine, "ryw/deleted")).isNull();
    assertThat(read(engine, "ryw/locked")).isEqualTo("kept");
  }

  @Test
  void batchGetAnswersAcrossRegionsWithOwnWritesAndByTheCallersArrays() {
    write(engine, "a-bg/1", "a1");
    write(engine, "h-bg/1", "h1");
    write(engine, "q-bg/1", "q1");
    write(engine, "q-bg/2", "q2");
    try (KvTransaction tx = engine.begin()) {
      tx.put(b("h-bg/1"), b("h1-mine"));
      tx.delete(b("q-bg/2"));
      byte[] a = b("a-bg/1");
      byte[] aAgain = b("a-bg/1");
      byte[] h = b("h-bg/1");
      byte[] q1 = b("q-bg/1");
      byte[] q2 = b("q-bg/2");
      byte[] missing = b("q-bg/missing");

      Map<byte[], byte[]> got = tx.batchGet(List.of(a, aAgain, h, q1, q2, missing));

      assertThat(got).hasSize(4);
      assertThat(s(got.get(a))).isEqualTo("a1");
      assertThat(s(got.get(aAgain))).isEqualTo("a1");
      assertThat(s(got.get(h))).isEqualTo("h1-mine");
      assertThat(s(got.get(q1))).isEqualTo("q1");
      assertThat(got).doesNotContainKeys(q2, missing);
    }
  }

  @Test
  void batchGetSendsOneRequestPerRegion() {
    write(engine, "a-one/1", "x");
    write(engine, "h-one/1", "x");
    // One failure per region would be met once per request; three requests use up three.
    fixture.embedded.failNext("KvBatchGet", 3, Fault.serverIsBusy());
    try (KvTransaction tx = engine.beginReadOnly()) {
      Map<byte[], byte[]> got = tx.batchGet(List.of(b("a-one/1"), b("a-one/2"), b("h-one/1"), b("q-one/1")));
      assertThat(got).hasSize(2);
    }
    assertThat(fixture.embedded.pendingFaults("KvBatchGet")).isZero();
  }

  @Test
  void aReaderDoesNotSeeLaterCommits() {
    write(engine, "si/k", "before");
    try (KvTransaction reader = engine.beginReadOnly()) {
      write(engine, "si/k", "after");
      write(engine, "si/new", "new");

      assertThat(reader.get(b("si/k")).map(EngineFixture::s)).contains("before");
      assertThat(reader.get(b("si/new"))).isEmpty();
      assertThat(reader.batchGet(List.of(b("si/k"), b("si/new"))).values()).extracting(EngineFixture::s).containsExactly("before");
      assertThat(keys(reader.scan(b("si/"), b("si0"), 10, 100))).containsExactly("si/k");
    }
    assertThat(read(engine, "si/k")).isEqualTo("after");
  }

  @Test
  void scanMergesOwnWritesAcrossRegionsInPagesAndHonoursLimits() {
    Random random = new Random(42);
    TreeMap<String, String> model = new TreeMap<>();
    try (KvTransaction tx = engine.begin()) {
      for (char region : new char[] {'c', 'k', 'u'}) {
        for (int i = 0; i < 30; i++) {
          String key = scanKey(region, i);
          tx.put(b(key), b("v" + i));
          model.put(key, "v" + i);
        }
      }
      tx.commit();
    }
    try (KvTransaction tx = engine.begin()) {
      for (int i = 0; i < 40; i++) {
        String key = scanKey("ckuz".charAt(random.nextInt(4)), random.nextInt(35));
        switch (random.nextInt(4)) {
          case 0:
            tx.put(b(key), b("mine" + i));
            model.put(key, "mine" + i);
            break;
          case 1:
            tx.delete(b(key));
            model.remove(key);
            break;
          case 2:
            tx.lock(b(key)); // a lock-only key shows the snapshot's value, or nothing
            break;
          default:
            tx.put(b(key), b("again" + i));
            tx.delete(b(key));
            tx.put(b(key), b("last" + i));
            model.put(key, "last" + i);
        }
      }
      for (int pageSize : new int[] {1, 3, 7, 100}) {
        assertThat(rows(tx.scan(b("zz-scan/"), new byte[0], pageSize, Long.MAX_VALUE)))
            .as("page size %d", pageSize)
            .containsExactlyElementsOf(rows(model));
      }
      // Bounded ranges and limits.
      assertThat(rows(tx.scan(b(scanKey('c', 10)), b(scanKey('k', 5)), 4, Long.MAX_VALUE)))
          .containsExactlyElementsOf(rows(model.subMap(scanKey('c', 10), scanKey('k', 5))));
      assertThat(rows(tx.scan(b("zz-scan/"), new byte[0], 5, 17))).containsExactlyElementsOf(rows(model).subList(0, 17));
      assertThat(rows(tx.scan(b("zz-scan/"), new byte[0], 50, 0))).isEmpty();
      assertThat(rows(tx.scan(b(scanKey('k', 0)), b(scanKey('c', 0)), 5, 10))).isEmpty();
      tx.commit();
    }
    try (KvTransaction tx = engine.beginReadOnly()) {
      assertThat(rows(tx.scan(b("zz-scan/"), new byte[0], 8, Long.MAX_VALUE))).containsExactlyElementsOf(rows(model));
    }
  }

  private static String scanKey(char region, int i) {
    return "zz-scan/" + region + "/" + String.format("%03d", i);
  }

  @Test
  void aClosedScanStops() {
    write(engine, "stop/1", "x");
    write(engine, "stop/2", "x");
    try (KvTransaction tx = engine.beginReadOnly()) {
      KvScan scan = tx.scan(b("stop/"), b("stop0"), 1, 10);
      assertThat(scan.hasNext()).isTrue();
      scan.next();
      scan.close();
      assertThat(scan.hasNext()).isFalse();
      assertThatThrownBy(scan::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void readOnlyTransactionsRejectWritesAndCommitWithoutTalkingToTiKV() {
    try (KvTransaction tx = engine.beginReadOnly()) {
      assertThatThrownBy(() -> tx.put(b("ro/k"), b("v"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only").hasMessageContaining("ro/k");
      assertThatThrownBy(() -> tx.delete(b("ro/k"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> tx.lock(b("ro/k"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> tx.insert(b("ro/k"), b("v"))).isInstanceOf(IllegalStateException.class);
      fixture.embedded.failNext("KvPrewrite", 1, Fault.grpcStatus("UNAVAILABLE"));
      fixture.embedded.failNext("KvCommit", 1, Fault.grpcStatus("UNAVAILABLE"));
      tx.commit();
    } finally {
      assertThat(fixture.embedded.pendingFaults("KvPrewrite")).isEqualTo(1);
      assertThat(fixture.embedded.pendingFaults("KvCommit")).isEqualTo(1);
      fixture.embedded.clearFaults();
    }
  }

  @Test
  void aTransactionIsUsedOnce() {
    KvTransaction tx = engine.begin();
    tx.put(b("once/k"), b("v"));
    tx.commit();
    assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
    assertThatThrownBy(() -> tx.get(b("once/k"))).isInstanceOf(IllegalStateException.class);
    tx.rollback(); // a no-op after commit
    tx.close();
    assertThat(read(engine, "once/k")).isEqualTo("v");

    KvTransaction dropped = engine.begin();
    dropped.put(b("once/dropped"), b("v"));
    dropped.rollback();
    dropped.rollback();
    assertThatThrownBy(dropped::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled back");
    assertThat(read(engine, "once/dropped")).isNull();
  }

  @Test
  void emptyValuesAreRefusedBecauseTiKvClientsStoreThemAsDeletes() {
    try (KvTransaction tx = engine.begin()) {
      assertThatThrownBy(() -> tx.put(b("empty/k"), new byte[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty/k");
    }
  }

  @Test
  void insertRulesInsideOneTransaction() {
    try (KvTransaction tx = engine.begin()) {
      tx.insert(b("ins/a"), b("1"));
      assertThatThrownBy(() -> tx.insert(b("ins/a"), b("2"))).isInstanceOf(KeyExistsException.class);
      tx.put(b("ins/a"), b("3")); // still an insert: must not have existed before
      tx.insert(b("ins/b"), b("1"));
      tx.delete(b("ins/b")); // inserted and deleted: nothing written, absence still checked
      tx.commit();
    }
    assertThat(read(engine, "ins/a")).isEqualTo("3");
    assertThat(read(engine, "ins/b")).isNull();

    write(engine, "ins/c", "exists");
    try (KvTransaction tx = engine.begin()) {
      tx.delete(b("ins/c"));
      tx.insert(b("ins/c"), b("recreated")); // after its own delete the key is free
      tx.commit();
    }
    assertThat(read(engine, "ins/c")).isEqualTo("recreated");
  }

  private static List<String> keys(KvScan scan) {
    List<String> out = new ArrayList<>();
    try (scan) {
      scan.forEachRemaining(e -> out.add(s(e.getKey())));
    }
    return out;
  }

  private static List<String> rows(KvScan scan) {
    List<String> out = new ArrayList<>();
    try (scan) {
      scan.forEachRemaining(e -> out.add(s(e.getKey()) + "=" + s(e.getValue())));
    }
    return out;
  }

  private static List<String> rows(Map<String, String> model) {
    List<String> out = new ArrayList<>();
    model.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }
}
