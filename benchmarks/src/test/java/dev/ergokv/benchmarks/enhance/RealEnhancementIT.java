package dev.ergokv.benchmarks.enhance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.enhance.EnhancedClass;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.session.Session;
import dev.ergokv.internal.session.Store;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.testing.CountingEngine;
import dev.ergokv.testing.CountingEngine.Mutation;
import dev.ergokv.testing.CountingEngine.Op;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime with classes the real agent enhanced (this JVM runs with the packaged agent as
 * -javaagent, see the failsafe configuration): the same classes the enhanced benchmark forks
 * measure, so a benchmark run and this test agree on what "enhanced" means. The runtime's own
 * tests use hand-written classes of the same shape; this one checks the two halves together.
 */
class RealEnhancementIT {

  private static LocalCluster cluster;
  private static KvEngine tikv;
  private static CountingEngine engine;
  private static Store store;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start();
    tikv =
        TikvEngine.connect(
            new EngineConfig(
                cluster.pdEndpoints(),
                cluster.hostMapping(),
                null,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3)));
    engine = new CountingEngine(tikv); // never closes what it wraps: stop() closes tikv
    store = new Store(engine, false, "it", 256, true); // strict: un-enhanced would fail
    Session tx = store.begin();
    for (long id = 0; id < 1_000; id++) {
      tx.insert(new Person(id));
      tx.insert(new Document(id));
    }
    tx.commit();
  }

  @AfterAll
  static void stop() {
    try {
      if (tikv != null) {
        tikv.close();
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void theBenchmarkEntitiesAreEnhancedWithTheRuntimesSlots() {
    Fixture.requireMode(true);
    for (Class<?> type : List.of(Person.class, Document.class)) {
      assertThat(EnhancedEntity.class.isAssignableFrom(type)).isTrue();
      assertThat(EnhancedClass.of(type).orElseThrow().fieldNames())
          .containsExactlyElementsOf(
              EntityModels.of(type).fields().stream().map(FieldModel::name).toList());
    }
  }

  @Test
  void oneChangeAmongAThousandLoadedWritesOneKey() {
    Session tx = store.begin();
    List<Person> all = tx.all(Person.class).toList();
    assertThat(all).hasSize(1_000);
    all.get(123).change(1);
    tx.commit();

    assertThat(engine.lastCommit()).containsExactly(put(Person.class, 123));
  }

  @Test
  void aListChangedInPlaceIsWritten() {
    Session tx = store.begin();
    List<Person> all = tx.all(Person.class).toList();
    all.get(7).tags().add("new");
    tx.commit();

    assertThat(engine.lastCommit()).containsExactly(put(Person.class, 7));
    Session read = store.beginReadOnly();
    assertThat(read.load(Person.class, 7L).orElseThrow().tags()).contains("new");
    read.close();
  }

  @Test
  void anArrayChangedInPlaceIsFoundByComparingItAtFlush() {
    Session tx = store.begin();
    List<Document> all = tx.all(Document.class).toList();
    all.get(42).digest()[0] = 99;
    tx.commit();

    assertThat(engine.lastCommit()).containsExactly(put(Document.class, 42));
    Session read = store.beginReadOnly();
    assertThat(read.load(Document.class, 42L).orElseThrow().digest()[0]).isEqualTo((byte) 99);
    read.close();
  }

  private static Mutation put(Class<?> type, long id) {
    return Mutation.of(Op.PUT, KeySpace.of("it").keys(EntityModels.of(type)).entityKey(id));
  }
}
