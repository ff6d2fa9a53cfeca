package dev.ergokv.localcluster.internal.tiup;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@code tiup} executable: on {@code PATH} first, then where the TiUP installer puts it
 * ({@code $TIUP_HOME/bin}, else {@code ~/.tiup/bin}) — build tools often run without the shell
 * profile that adds that directory to {@code PATH}.
 */
final class TiupLocator {

  static final String EXECUTABLE = "tiup";

  private TiupLocator() {}

  /** The places looked at, in order, for messages. */
  static List<Path> candidates(Map<String, String> environment, Path userHome) {
    List<Path> candidates = new ArrayList<>();
    String path = environment.get("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          addIfValid(candidates, dir);
        }
      }
    }
    String tiupHome = environment.get("TIUP_HOME");
    if (tiupHome != null && !tiupHome.isBlank()) {
      addIfValid(candidates, tiupHome + File.separator + "bin");
    }
    if (userHome != null) {
      candidates.add(userHome.resolve(".tiup").resolve("bin").resolve(EXECUTABLE));
    }
    return candidates;
  }

  static Optional<Path> find(Map<String, String> environment, Path userHome) {
    return candidates(environment, userHome).stream().filter(TiupLocator::isExecutable).findFirst();
  }

  static boolean isExecutable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  private static void addIfValid(List<Path> candidates, String dir) {
    try {
      candidates.add(Path.of(dir).resolve(EXECUTABLE));
    } catch (InvalidPathException e) {
      // A PATH entry that is not a path cannot hold tiup; the others are still looked at.
      return;
    }
  }
}
