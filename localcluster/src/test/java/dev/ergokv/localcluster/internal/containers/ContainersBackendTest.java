package dev.ergokv.localcluster.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ContainersBackendTest {

  /** Sees everything the test class path has except Testcontainers. */
  static final class WithoutTestcontainers extends ClassLoader {
    WithoutTestcontainers() {
      super(ContainersBackendTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("org.testcontainers.")) {
        throw new ClassNotFoundException(name + " (hidden by the test)");
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void withoutTestcontainersTheBackendIsUnavailableSayingWhatToAdd() {
    LocalClusterOptions options = LocalClusterOptions.builder().backend(Backend.CONTAINERS).build();

    assertThatThrownBy(
            () ->
                ContainersBackend.start(
                    options,
                    new WithoutTestcontainers(),
                    (pd, mapping, budget) -> {
                      throw new AssertionError("must not get this far");
                    }))
        .isInstanceOfSatisfying(
            BackendUnavailableException.class,
            e -> {
              assertThat(e.backend()).isEqualTo(Backend.CONTAINERS);
              assertThat(e.getMessage())
                  .contains("needs Testcontainers, which is not on the classpath")
                  .contains("org.testcontainers:testcontainers");
              assertThat(e.getCause()).isInstanceOf(ClassNotFoundException.class);
            });
  }

  @Test
  void testcontainersIsFoundWhenPresent() {
    assertThat(ContainersBackend.testcontainersMissing(ContainersBackend.class.getClassLoader()))
        .isEmpty();
  }

  @Test
  void noDockerEngineMeansUnavailable() {
    assertThatThrownBy(() -> TestcontainersCluster.requireDocker(Duration.ofSeconds(5), () -> false))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("needs a Docker engine")
        .hasMessageContaining("DOCKER_HOST");
  }

  @Test
  void aDockerLookupThatHangsIsCutOffInBoundedTime() {
    CountDownLatch never = new CountDownLatch(1);
    long begin = System.nanoTime();

    try {
      assertThatThrownBy(
            () ->
                TestcontainersCluster.requireDocker(
                    Duration.ofMillis(200),
                    () -> {
                      never.await();
                      return true;
                    }))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("did not find a Docker engine within 200 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    } finally {
      // Lets the abandoned lookup thread end.
      never.countDown();
    }
  }

  @Test
  void aDockerLookupThatFailsIsUnavailableWithTheCause() {
    IOException refused = new IOException("permission denied on /var/run/docker.sock");

    assertThatThrownBy(
            () ->
                TestcontainersCluster.requireDocker(
                    Duration.ofSeconds(5),
                    () -> {
                      throw refused;
                    }))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("permission denied on /var/run/docker.sock")
        .hasCause(refused);
  }

  @Test
  void aDockerEngineThatIsThereLetsTheCheckPass() {
    TestcontainersCluster.requireDocker(Duration.ofSeconds(5), () -> true);
  }
}
