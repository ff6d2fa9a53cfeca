package dev.ergokv.localcluster.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.LocalCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Testcontainers is optional: only the containers code may name it, and only when chosen. */
class TestcontainersIsolationTest {

  @Test
  void onlyTheContainersClusterClassesReferToTestcontainers() throws Exception {
    Path classes = location(LocalCluster.class);
    List<String> referring;
    try (Stream<Path> files = Files.walk(classes)) {
      referring =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .filter(TestcontainersIsolationTest::refersToTestcontainers)
              .map(f -> classes.relativize(f).toString().replace('\\', '/'))
              .sorted()
              .collect(Collectors.toList());
    }

    String pkg = "dev/ergokv/localcluster/internal/containers/";
    assertThat(referring)
        .containsExactlyInAnyOrder(
            pkg + "FileLogConsumer.class",
            pkg + "TestcontainersCluster.class",
            pkg + "TestcontainersCluster$ProbedElsewhere.class");
  }

  @Test
  void theModuleStartsWithoutTestcontainersOnTheClassPathAndSaysWhatIsMissing() throws Exception {
    // The module's classes with only its required dependencies: tikv-client-java and slf4j-api.
    URL[] classPath = {
      location(LocalCluster.class).toUri().toURL(),
      location(org.tikv.common.TiSession.class).toUri().toURL(),
      location(org.slf4j.Logger.class).toUri().toURL()
    };
    try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
      Class<?> optionsClass = isolated.loadClass("dev.ergokv.localcluster.LocalClusterOptions");
      Class<?> backendClass = isolated.loadClass("dev.ergokv.localcluster.Backend");
      Object builder = optionsClass.getMethod("builder").invoke(null);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object containers = Enum.valueOf((Class) backendClass, "CONTAINERS");
      builder.getClass().getMethod("backend", backendClass).invoke(builder, containers);
      Object options = builder.getClass().getMethod("build").invoke(builder);
      Method start = isolated.loadClass("dev.ergokv.localcluster.LocalCluster").getMethod("start", optionsClass);

      Throwable thrown = null;
      try {
        start.invoke(null, options);
      } catch (InvocationTargetException e) {
        thrown = e.getCause();
      }

      assertThat(thrown).isNotNull();
      assertThat(thrown.getClass().getName())
          .isEqualTo("dev.ergokv.localcluster.BackendUnavailableException");
      assertThat(thrown.getMessage()).contains("org.testcontainers:testcontainers");
    }
  }

  private static boolean refersToTestcontainers(Path classFile) {
    try {
      // Class references in the constant pool use '/' separators; a string naming the class
      // for Class.forName uses '.', which is allowed.
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains("org/testcontainers/");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
