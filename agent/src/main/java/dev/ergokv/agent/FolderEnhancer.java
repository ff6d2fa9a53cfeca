package dev.ergokv.agent;

import dev.ergokv.agent.internal.ChangedClassFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Enhances the classes of one output folder in place, running {@link EntityEnhancer} through Byte
 * Buddy's {@code Plugin.Engine}: the build-time counterpart of {@link EnhancementAgent}, used by
 * the ErgoKV Maven plugin. Its API uses only JDK types, so callers do not see the Byte Buddy copy
 * shaded into the agent jar.
 *
 * <p>Immutable; {@code with...} methods return a new instance. Enhancement is idempotent (enhanced
 * classes are skipped) and can be limited to class files modified since a given instant. A class
 * file keeps its modification time when it is rewritten, so compilers' up-to-date checks and the
 * next incremental run see the file as it was compiled.
 */
public final class FolderEnhancer {

  private final Path folder;
  private final List<Path> classPath;
  private final int javaRelease;
  private final Instant changedSince;
  private final EntityEnhancer.Reporter reporter;

  private FolderEnhancer(
      Path folder,
      List<Path> classPath,
      int javaRelease,
      Instant changedSince,
      EntityEnhancer.Reporter reporter) {
    this.folder = folder;
    this.classPath = classPath;
    this.javaRelease = javaRelease;
    this.changedSince = changedSince;
    this.reporter = reporter;
  }

  /** Enhances the class files under {@code folder} (e.g. {@code target/classes}). */
  public static FolderEnhancer of(Path folder) {
    return new FolderEnhancer(
        Objects.requireNonNull(folder, "folder"),
        List.of(),
        0,
        null,
        EntityEnhancer.Reporter.SILENT);
  }

  /**
   * The folders and jars where the classes of {@code folder} find their superclasses, field types
   * and the ErgoKV runtime (a project's compile or test class path). Entries that do not exist are
   * ignored.
   */
  public FolderEnhancer withClassPath(Collection<Path> entries) {
    return new FolderEnhancer(folder, List.copyOf(entries), javaRelease, changedSince, reporter);
  }

  /**
   * The Java release the classes were compiled for (e.g. 17), which selects the matching entries
   * of multi-release jars. Zero, the default, means the running JVM's.
   */
  public FolderEnhancer withJavaRelease(int release) {
    if (release < 0) {
      throw new IllegalArgumentException("release " + release);
    }
    return new FolderEnhancer(folder, classPath, release, changedSince, reporter);
  }

  /**
   * Considers only class files modified at or after {@code instant}; null (the default) considers
   * all. Classes outside the selection are still read when the selected ones need them.
   */
  public FolderEnhancer onlyChangedSince(Instant instant) {
    return new FolderEnhancer(folder, classPath, javaRelease, instant, reporter);
  }

  /** Where notes about skipped classes and fields compared at flush go. */
  public FolderEnhancer withReporter(EntityEnhancer.Reporter reporter) {
    return new FolderEnhancer(
        folder, classPath, javaRelease, changedSince, Objects.requireNonNull(reporter));
  }

  /**
   * Runs the enhancement.
   *
   * @throws IOException when the folder or a class path entry cannot be read or written
   */
  public Result enhance() throws IOException {
    if (!Files.isDirectory(folder)) {
      return new Result(0, List.of(), Map.of());
    }
    ClassFileVersion version =
        javaRelease == 0 ? ClassFileVersion.ofThisVm() : ClassFileVersion.ofJavaVersion(javaRelease);
    ChangedClassFiles source = ChangedClassFiles.scan(folder, changedSince);
    List<ClassFileLocator> locators = new ArrayList<>();
    try {
      for (Path entry : classPath) {
        if (Files.isDirectory(entry)) {
          locators.add(ClassFileLocator.ForFolder.of(entry.toFile(), version));
        } else if (Files.isRegularFile(entry)) {
          locators.add(ClassFileLocator.ForJarFile.of(entry.toFile(), version));
        }
      }
      Plugin.Engine.Summary summary =
          new Plugin.Engine.Default()
              .with(Plugin.Engine.TypeStrategy.Default.DECORATE)
              .with(version)
              .with(new ClassFileLocator.Compound(locators))
              .withoutErrorHandlers()
              .apply(
                  source,
                  new Plugin.Engine.Target.ForFolder(folder.toFile()),
                  new Plugin.Factory.Simple(
                      new EntityEnhancer(reporter, source::containsClass)));
      List<String> enhanced = new ArrayList<>();
      for (TypeDescription type : summary.getTransformed()) {
        enhanced.add(type.getName());
        FileTime compiled = source.modificationTime(type.getName());
        if (compiled != null) {
          Files.setLastModifiedTime(source.file(type.getName()), compiled);
        }
      }
      Collections.sort(enhanced);
      Map<String, String> failures = new LinkedHashMap<>();
      for (Map.Entry<TypeDescription, List<Throwable>> failure :
          summary.getFailed().entrySet()) {
        StringBuilder message = new StringBuilder();
        for (Throwable error : failure.getValue()) {
          if (message.length() > 0) {
            message.append("; ");
          }
          message.append(error.getMessage() == null ? error.toString() : error.getMessage());
        }
        failures.put(failure.getKey().getName(), message.toString());
      }
      return new Result(source.size(), enhanced, failures);
    } finally {
      for (ClassFileLocator locator : locators) {
        if (locator instanceof Closeable) {
          ((Closeable) locator).close();
        }
      }
    }
  }

  /** What one run did. */
  public static final class Result {

    private final int examined;
    private final List<String> enhanced;
    private final Map<String, String> failures;

    Result(int examined, List<String> enhanced, Map<String, String> failures) {
      this.examined = examined;
      this.enhanced = List.copyOf(enhanced);
      this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /** How many class files were considered (all, or those changed since the given instant). */
    public int examined() {
      return examined;
    }

    /** The names of the classes that were enhanced, sorted. */
    public List<String> enhanced() {
      return enhanced;
    }

    /**
     * Classes that could not be enhanced, by name, with the reason. Their class files are left as
     * they were.
     */
    public Map<String, String> failures() {
      return failures;
    }
  }
}
