package dev.ergokv.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The file that remembers when the last successful run of a goal started, and with which plugin
 * version. A missing, unreadable or other-version marker means "examine everything".
 */
final class Marker {

  private final Path file;
  private final String pluginVersion;

  Marker(Path file, String pluginVersion) {
    this.file = file;
    this.pluginVersion = pluginVersion;
  }

  /**
   * The marker file's name for a goal enhancing {@code folder}: {@code <base>.marker} for the
   * goal's default folder, else one derived from the folder's path (relative to the build
   * directory when inside it), so that executions enhancing different folders keep their own
   * marker and never make each other skip classes.
   */
  static String fileName(String base, Path folder, Path defaultFolder, Path buildDirectory) {
    Path normalized = folder.toAbsolutePath().normalize();
    if (normalized.equals(defaultFolder.toAbsolutePath().normalize())) {
      return base + ".marker";
    }
    Path build = buildDirectory.toAbsolutePath().normalize();
    Path shown = normalized.startsWith(build) ? build.relativize(normalized) : normalized;
    String slug = shown.toString().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
    return base + "-" + slug + ".marker";
  }

  /** When the last run started, or null when everything must be examined. */
  Instant read() {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() == 2 && lines.get(0).equals(pluginVersion)) {
        return Instant.parse(lines.get(1));
      }
      return null;
    } catch (IOException | DateTimeParseException absentOrDamaged) {
      // Without a usable marker the run is complete rather than incremental: nothing is lost.
      return null;
    }
  }

  void write(Instant runStart) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(pluginVersion, runStart.toString()), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
