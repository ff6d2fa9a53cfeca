package dev.ergokv.localcluster.internal.tiup;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.BackendUnavailableException;
import dev.ergokv.localcluster.LocalCluster;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts a {@link LocalCluster} on the {@link Backend#TIUP} backend: pd-server and tikv-server
 * from {@link LocalClusterOptions#binaryDirectory()} when set, else {@code tiup playground}.
 */
public final class TiupBackend {

  static final List<String> SERVER_BINARIES = List.of("pd-server", "tikv-server");

  private TiupBackend() {}

  public static LocalCluster start(LocalClusterOptions options) {
    return start(options, TiupSettings.fromSystem());
  }

  static LocalCluster start(LocalClusterOptions options, TiupSettings settings) {
    Optional<Path> binaries = options.binaryDirectory();
    if (binaries.isPresent()) {
      requireServerBinaries(binaries.get());
      return TiupCluster.startServers(options, binaries.get(), settings);
    }
    Path tiup =
        TiupLocator.find(settings.environment(), settings.userHome())
            .orElseThrow(() -> tiupMissing(settings));
    return TiupCluster.startPlayground(options, tiup, settings);
  }

  private static void requireServerBinaries(Path directory) {
    List<String> missing = new ArrayList<>();
    for (String name : SERVER_BINARIES) {
      if (!TiupLocator.isExecutable(directory.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new BackendUnavailableException(
          Backend.TIUP,
          "the binary directory "
              + directory.toAbsolutePath()
              + " has no executable "
              + String.join(" or ", missing)
              + "; it must hold pd-server and tikv-server (for example the ones `tiup install pd"
              + " tikv` puts under ~/.tiup/components), or unset "
              + LocalClusterOptions.BINARY_DIRECTORY_PROPERTY
              + " to use `tiup playground`");
    }
  }

  private static BackendUnavailableException tiupMissing(TiupSettings settings) {
    String looked =
        TiupLocator.candidates(settings.environment(), settings.userHome()).stream()
            .map(p -> p.getParent() == null ? p.toString() : p.getParent().toString())
            .distinct()
            .collect(Collectors.joining(", "));
    return new BackendUnavailableException(
        Backend.TIUP,
        "the TiUP backend needs the `tiup` command, which was not found (looked in: "
            + looked
            + "). Install TiUP and put `tiup` on PATH (the installer puts it in ~/.tiup/bin), or"
            + " point "
            + LocalClusterOptions.BINARY_DIRECTORY_PROPERTY
            + " (environment variable "
            + LocalClusterOptions.BINARY_DIRECTORY_ENVIRONMENT_VARIABLE
            + ") or LocalClusterOptions.builder().binaryDirectory(...) at a directory holding"
            + " pd-server and tikv-server");
  }
}
