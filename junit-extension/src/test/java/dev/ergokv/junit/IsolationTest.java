package dev.ergokv.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKv;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.tikv.common.TiSession;

/** Classes on one shared cluster each live in a keyspace of their own. */
class IsolationTest {

  @BeforeEach
  void forgetEarlierRuns() {
    Recorder.clear();
  }

  @Test
  void sharedClassesWriteTheSameKeyWithoutSeeingEachOther() {
    EngineExecutionResults results =
        TestKit.run(WritesANote.class, AlsoWritesANote.class, WritesANoteInOrders.class);

    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(TestKit.clustersStarted(results)).hasSize(1);
    List<String> keyspaces = Recorder.all(String.class);
    assertThat(keyspaces).hasSize(3).doesNotHaveDuplicates();
    assertThat(keyspaces)
        .anySatisfy(k -> assertThat(k).startsWith("WritesANote-"))
        .anySatisfy(k -> assertThat(k).startsWith("AlsoWritesANote-"))
        .anySatisfy(k -> assertThat(k).startsWith("orders-"));
  }

  @Test
  void aClassesErgoKvIsClosedAfterTheClassWhileTheSharedSessionServesTheNext() {
    EngineExecutionResults results =
        TestKit.request(WritesANote.class, ChecksTheFirstErgoKvIsClosed.class)
            .configurationParameter(
                "junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
            .execute();

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(Recorder.distinct(Recorder.all(TiSession.class))).hasSize(1);
  }

  abstract static class NoteWriter {
    @Test
    void findsTheNoteAbsentThenWritesItsOwn(ErgoKv kv, TiSession session) {
      Recorder.saw(getClass(), "keyspace", kv.keyspace());
      Recorder.saw(getClass(), "kv", kv);
      Recorder.saw(getClass(), "session", session);
      String mine = getClass().getSimpleName();

      assertThat(Note.load(kv, "the-note")).isEmpty();
      kv.transact(tx -> tx.save(new Note("the-note", mine)));

      assertThat(Note.load(kv, "the-note"))
          .map(Note::text)
          .contains(mine);
    }
  }

  @TestKitFixture
  @TiKVCluster(shared = true)
  @Order(1)
  static class WritesANote extends NoteWriter {}

  @TestKitFixture
  @TiKVCluster(shared = true)
  static class AlsoWritesANote extends NoteWriter {}

  @TestKitFixture
  @TiKVCluster(shared = true, keyspace = "orders")
  static class WritesANoteInOrders extends NoteWriter {}

  @TestKitFixture
  @TiKVCluster(shared = true)
  @Order(2)
  static class ChecksTheFirstErgoKvIsClosed {
    @Test
    void theEarlierClassesErgoKvIsClosedButTheSessionIsNot(ErgoKv kv, TiSession session) {
      Recorder.saw(getClass(), "session", session);
      ErgoKv earlier = Recorder.all(WritesANote.class, ErgoKv.class).get(0);
      assertThat(earlier).isNotSameAs(kv);
      assertThatThrownBy(() -> Note.load(earlier, "the-note"))
          .hasMessageContaining("closed");
      assertThat(Note.load(kv, "the-note")).isEmpty();
      assertThat(session.getTimestamp().getVersion()).isPositive();
    }
  }
}
