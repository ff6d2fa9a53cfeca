package dev.ergokv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.annotation.Entity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The sample classes of {@code src/test/samples}, compiled by the running JDK at a given {@code
 * --release} and enhanced in place by {@link FolderEnhancer} (that is, by {@code Plugin.Engine}
 * and {@link EntityEnhancer}), then loaded by a fresh class loader whose parent holds the runtime.
 * Compiling at test time is what gives Java 25 class files when the tests run on JDK 25.
 *
 * <p>Each release is built once per test JVM, under {@code target/samples/<release>}.
 */
final class SampleBuild {

  /** The module directory, set by the build for Surefire and Failsafe. */
  static final Path MODULE = Path.of(System.getProperty("ergokv.module.dir", "."));

  static final Path SAMPLES = MODULE.resolve("src/test/samples");
  static final Path STALE_SAMPLES = MODULE.resolve("src/test/samples-stale");
  static final String PACKAGE = "dev.ergokv.samples.";

  private static final Map<Integer, SampleBuild> BUILDS = new HashMap<>();

  final int release;
  final Path compiled;
  final Path enhanced;
  final FolderEnhancer.Result result;
  final List<String> notes;
  final ClassLoader loader;

  private SampleBuild(
      int release,
      Path compiled,
      Path enhanced,
      FolderEnhancer.Result result,
      List<String> notes,
      ClassLoader loader) {
    this.release = release;
    this.compiled = compiled;
    this.enhanced = enhanced;
    this.result = result;
    this.notes = notes;
    this.loader = loader;
  }

  /** The releases the tests cover: 17 (the baseline) and the running JDK's, when different. */
  static Stream<Integer> releases() {
    int running = Runtime.version().feature();
    return running == 17 ? Stream.of(17) : Stream.of(17, running);
  }

  static synchronized SampleBuild of(int release) {
    return BUILDS.computeIfAbsent(release, SampleBuild::build);
  }

  private static SampleBuild build(int release) {
    try {
      Path root = MODULE.resolve("target/samples/" + release);
      deleteRecursively(root);
      Path compiled = compile(SAMPLES, root.resolve("compiled"), release);
      Path enhanced = copy(compiled, root.resolve("enhanced"));
      List<String> notes = new ArrayList<>();
      FolderEnhancer.Result result =
          FolderEnhancer.of(enhanced)
              .withClassPath(List.of(runtimeClasses()))
              .withJavaRelease(release)
              .withReporter((type, message) -> notes.add(type + ": " + message))
              .enhance();
      assertThat(result.failures()).as("enhancement failures").isEmpty();
      ClassLoader loader =
          new URLClassLoader(
              new URL[] {enhanced.toUri().toURL()}, SampleBuild.class.getClassLoader());
      return new SampleBuild(release, compiled, enhanced, result, List.copyOf(notes), loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Class<?> load(String simpleName) {
    try {
      return Class.forName(PACKAGE + simpleName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(simpleName + " was not compiled", e);
    }
  }

  byte[] compiledBytes(String binaryName) throws IOException {
    return Files.readAllBytes(classFile(compiled, binaryName));
  }

  byte[] enhancedBytes(String binaryName) throws IOException {
    return Files.readAllBytes(classFile(enhanced, binaryName));
  }

  static Path classFile(Path root, String binaryName) {
    return root.resolve(binaryName.replace('.', '/') + ".class");
  }

  /** Compiles every source under {@code sources} into {@code out}; fails with javac's output. */
  static Path compile(Path sources, Path out, int release) throws IOException {
    Files.createDirectories(out);
    List<String> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files =
          walk.filter(p -> p.toString().endsWith(".java"))
              .map(Path::toString)
              .sorted()
              .collect(Collectors.toList());
    }
    List<String> options =
        List.of(
            "--release",
            String.valueOf(release),
            "-proc:none",
            "-d",
            out.toString(),
            "-classpath",
            runtimeClasses().toString());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    boolean compiled;
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
      compiled =
          javac
              .getTask(
                  output, fileManager, null, options, null,
                  fileManager.getJavaFileObjectsFromStrings(files))
              .call();
    }
    assertThat(compiled).as("javac: %s", output).isTrue();
    return out;
  }
  /** Where the runtime's classes are (the reactor's runtime/target/classes, or its jar). */
  static Path runtimeClasses() {
    try {
      return Path.of(Entity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }

  /** Calls the public method {@code name} with {@code arguments} on {@code target}. */
  static Object call(Object target, String name, Object... arguments) {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        try {
          return method.invoke(target, arguments);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("calling " + name, e);
        }
      }
    }
    throw new AssertionError(target.getClass() + " has no method " + name);
  }
}
