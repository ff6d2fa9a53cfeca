package dev.ergokv.agent.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.build.Plugin;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * A {@code Plugin.Engine} source over a class folder that offers only the class files modified at
 * or after an instant, while its class file locator still finds every class in the folder. Other
 * files are not offered at all: source and target are the same folder, so nothing needs copying.
 */
public final class ChangedClassFiles implements Plugin.Engine.Source, Plugin.Engine.Source.Origin {

  private final Path folder;
  private final Map<String, Path> files;
  private final Map<String, FileTime> modified;

  private ChangedClassFiles(Path folder, Map<String, Path> files, Map<String, FileTime> modified) {
    this.folder = folder;
    this.files = files;
    this.modified = modified;
  }

  /** Selects the class files under {@code folder} modified at or after {@code since} (null: all). */
  public static ChangedClassFiles scan(Path folder, Instant since) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, FileTime> modified = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) walk.sorted()::iterator) {
        String name = folder.relativize(file).toString().replace(File.separatorChar, '/');
        if (!name.endsWith(".class") || !Files.isRegularFile(file)) {
          continue;
        }
        FileTime time = Files.getLastModifiedTime(file);
        if (since == null || time.toInstant().compareTo(since) >= 0) {
          String typeName = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          files.put(typeName, file);
          modified.put(typeName, time);
        }
      }
    }
    return new ChangedClassFiles(folder, files, modified);
  }

  /** Whether the folder holds a class file for {@code typeName}, offered or not. */
  public boolean containsClass(String typeName) {
    return Files.isRegularFile(folder.resolve(typeName.replace('.', '/') + ".class"));
  }

  /** How many class files are offered. */
  public int size() {
    return files.size();
  }

  /** The class file of an offered type. */
  public Path file(String typeName) {
    return files.get(typeName);
  }

  /** The modification time an offered type's class file had when scanned, or null. */
  public FileTime modificationTime(String typeName) {
    return modified.get(typeName);
  }

  @Override
  public Plugin.Engine.Source.Origin read() {
    return this;
  }

  @Override
  public Manifest getManifest() {
    return NO_MANIFEST;
  }

  @Override
  public ClassFileLocator toClassFileLocator(ClassFileVersion classFileVersion)
      throws IOException {
    return ClassFileLocator.ForFolder.of(folder.toFile(), classFileVersion);
  }

  @Override
  public Iterator<Plugin.Engine.Source.Element> iterator() {
    List<Plugin.Engine.Source.Element> elements = new ArrayList<>(files.size());
    for (Path file : files.values()) {
      elements.add(new Plugin.Engine.Source.Element.ForFile(folder.toFile(), file.toFile()));
    }
    return elements.iterator();
  }

  @Override
  public void close() {
    // Nothing is held open: elements open their files on demand.
  }
}
