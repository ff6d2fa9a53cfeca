package dev.ergokv.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;

class ClusterHandleTest {

  @Test
  void closesTheSessionBeforeTheClusterAndOnlyOnce() {
    List<String> closing = new ArrayList<>();
    AtomicReference<TiSession> opened = new AtomicReference<>();
    RecordingCluster cluster =
        new RecordingCluster(
            LocalCluster.start(),
            () -> {
              boolean sessionOpen;
              try {
                opened.get().getTimestamp();
                sessionOpen = true;
              } catch (RuntimeException closed) {
                sessionOpen = false;
              }
              closing.add(sessionOpen ? "cluster, session still open" : "cluster, session closed");
            });
    ClusterHandle handle = ClusterHandle.of(cluster);
    opened.set(handle.session());
    assertThat(handle.session()).isSameAs(opened.get());

    handle.close();
    handle.close();

    assertThat(closing).containsExactly("cluster, session closed");
    assertThatThrownBy(handle::session)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aHandleOnAClusterThatNeverStartedClosesQuietly() {
    ClusterSettings settings =
        ClusterSettings.resolve(
            ClusterHandleTest.class,
            Annotated.class.getAnnotation(dev.ergokv.junit.TiKVCluster.class),
            name -> Optional.empty(),
            java.util.Map.of());
    ClusterHandle handle = ClusterHandle.start(settings);

    assertThat(handle.started()).isFalse();
    assertThatThrownBy(handle::cluster).hasMessageContaining("no external cluster named");
    handle.close();
  }

  @dev.ergokv.junit.TiKVCluster(backend = Backend.EXTERNAL)
  private static final class Annotated {}

  /** Delegates to a real cluster and reports its close, while the state around it can be seen. */
  static final class RecordingCluster implements LocalCluster {
    private final LocalCluster delegate;
    private final Runnable onClose;

    RecordingCluster(LocalCluster delegate, Runnable onClose) {
      this.delegate = delegate;
      this.onClose = onClose;
    }

    @Override
    public Backend backend() {
      return delegate.backend();
    }

    @Override
    public List<String> pdEndpoints() {
      return delegate.pdEndpoints();
    }

    @Override
    public Optional<EmbeddedCluster> embedded() {
      return delegate.embedded();
    }

    @Override
    public void close() {
      onClose.run();
      delegate.close();
    }
  }
}
