package dev.ergokv.localcluster.internal.process;

import dev.ergokv.localcluster.internal.probe.Deadline;
import dev.ergokv.localcluster.internal.probe.Observation;
import dev.ergokv.localcluster.internal.probe.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Shell scripts standing in for tiup, pd-server and tikv-server in tests. */
public final class FakeExecutables {

  private FakeExecutables() {}

  /** Writes an executable {@code /bin/sh} script {@code dir/name} with {@code body}. */
  public static Path script(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /**
   * A script that records its arguments (one per line) to {@code argvFile}, prints {@code
   * output}, then stays alive until killed — with a child {@code sleep} whose pid it records in
   * {@code argvFile + ".child"}, so tests can check the whole tree is gone.
   */
  public static Path longRunning(Path dir, String name, Path argvFile, String output)
      throws IOException {
    return script(
        dir,
        name,
        "printf '%s\\n' \"$@\" > '"
            + argvFile
            + "'\n"
            + "echo \"TIUP_INSTANCE_DATA_DIR=$TIUP_INSTANCE_DATA_DIR\" >> '"
            + argvFile
            + ".env'\n"
            + "echo '"
            + output
            + "'\n"
            + "sleep 600 &\n"
            + "echo $! > '"
            + argvFile
            + ".child'\n"
            + "wait\n");
  }

  /** Waits (bounded) until a fake has written {@code file}, and returns its content. */
  public static String awaitFile(Path file) throws Exception {
    return Probe.of("a fake process to write " + file)
        .until(
            Deadline.after(Duration.ofSeconds(10)),
            d ->
                Files.exists(file) && !Files.readString(file).isBlank()
                    ? Observation.ready(Files.readString(file))
                    : Observation.notYet("no content yet"));
  }

  /** A script that prints {@code output} and exits with {@code code}. */
  public static Path failing(Path dir, String name, String output, int code) throws IOException {
    return script(dir, name, "echo '" + output + "'\nexit " + code);
  }
}
