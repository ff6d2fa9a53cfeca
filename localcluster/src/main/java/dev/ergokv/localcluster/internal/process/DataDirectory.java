package dev.ergokv.localcluster.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a cluster keeps data and logs: the directory the user gave (kept), or a new temporary one
 * (deleted by {@link #deleteIfTemporary()} after a clean stop).
 */
public final class DataDirectory {

  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

  private final Path path;
  private final boolean temporary;

  private DataDirectory(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** The given directory (created if missing), else a new temporary one named {@code prefix...}. */
  public static DataDirectory of(Optional<Path> given, String prefix) throws IOException {
    if (given.isPresent()) {
      Path dir = given.get().toAbsolutePath();
      Files.createDirectories(dir);
      return new DataDirectory(dir, false);
    }
    return new DataDirectory(Files.createTempDirectory(prefix), true);
  }

  public Path path() {
    return path;
  }

  public boolean isTemporary() {
    return temporary;
  }

  /** Deletes a temporary directory with everything in it; a given one is left alone. */
  public void deleteIfTemporary() {
    if (!temporary) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not delete the temporary cluster directory {}: {}", path, e.toString());
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
