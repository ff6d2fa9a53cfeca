package dev.ergokv.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKv;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.localcluster.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;

class ClassResourcesTest {

  @Entity
  record Mark(@Key String id) {}

  @Test
  void closesTheErgoKvAndTheSessionBeforeTheClusterItOwns() {
    List<String> atClusterClose = new ArrayList<>();
    AtomicReference<ClassResources> resources = new AtomicReference<>();
    AtomicReference<ErgoKv> kv = new AtomicReference<>();
    AtomicReference<TiSession> session = new AtomicReference<>();
    ClusterHandleTest.RecordingCluster cluster =
        new ClusterHandleTest.RecordingCluster(
            LocalCluster.start(),
            () -> {
              atClusterClose.add(isOpen(() -> kv.get().read(tx -> tx.exists(Mark.class, "m"))));
              atClusterClose.add(isOpen(() -> session.get().getTimestamp()));
            });
    resources.set(
        new ClassResources(ClassResourcesTest.class, ClusterHandle.of(cluster), true, ""));
    kv.set(resources.get().ergoKv());
    session.set(resources.get().session());
    kv.get().transact(tx -> tx.save(new Mark("m")));
    assertThat(resources.get().ergoKv()).isSameAs(kv.get());
    assertThat(kv.get().keyspace()).startsWith("ClassResourcesTest-");

    resources.get().close();
    resources.get().close();

    assertThat(atClusterClose).containsExactly("closed", "closed");
    assertThatThrownBy(resources.get()::ergoKv).hasMessageContaining("closed");
  }

  @Test
  void aSharedClustersResourcesCloseTheirErgoKvButLeaveTheClusterRunning() {
    try (LocalCluster cluster = LocalCluster.start();
        ClusterHandle shared = ClusterHandle.of(cluster)) {
      ClassResources first = new ClassResources(ClassResourcesTest.class, shared, false, "same");
      ClassResources second = new ClassResources(ClassResourcesTest.class, shared, false, "same");
      ErgoKv firstKv = first.ergoKv();
      assertThat(second.ergoKv().keyspace()).isNotEqualTo(firstKv.keyspace()).startsWith("same-");

      first.close();

      assertThat(isOpen(() -> firstKv.read(tx -> tx.exists(Mark.class, "m")))).isEqualTo("closed");
      boolean markInSecond = second.ergoKv().read(tx -> tx.exists(Mark.class, "m"));
      assertThat(markInSecond).isFalse();
      assertThat(second.session()).isSameAs(shared.session());
      assertThat(cluster.embedded().orElseThrow().isServing()).isTrue();
      second.close();
    }
  }

  private static String isOpen(Runnable use) {
    try {
      use.run();
      return "open";
    } catch (RuntimeException e) {
      return e.getMessage() != null && e.getMessage().contains("closed") ? "closed" : e.toString();
    }
  }
}
