package dev.ergokv.localcluster.internal.tiup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.localcluster.internal.process.FakeExecutables;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "TiUP does not run on Windows")
class TiupLocatorTest {

  @TempDir Path dir;

  @Test
  void findsTheFirstExecutableTiupOnPath() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path notExecutable = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("tiup"), "not a program");
    Path tiup = FakeExecutables.script(dir.resolve("bin"), "tiup", "exit 0");
    String path = String.join(File.pathSeparator, empty.toString(), notExecutable.toString(), "", tiup.getParent().toString());

    assertThat(TiupLocator.find(Map.of("PATH", path), dir.resolve("home"))).hasValue(tiup);
  }

  @Test
  void fallsBackToTiupHomeThenTheInstallersDirectory() throws IOException {
    Path home = dir.resolve("home");
    Path installed = FakeExecutables.script(home.resolve(".tiup").resolve("bin"), "tiup", "exit 0");
    Path tiupHome = dir.resolve("tiup-home");

    assertThat(TiupLocator.find(Map.of("PATH", "/nonexistent"), home)).hasValue(installed);

    Path fromTiupHome = FakeExecutables.script(tiupHome.resolve("bin"), "tiup", "exit 0");
    assertThat(TiupLocator.find(Map.of("TIUP_HOME", tiupHome.toString()), home))
        .hasValue(fromTiupHome);
  }

  @Test
  void findsNothingWhenTiupIsNowhere() {
    Map<String, String> env = Map.of("PATH", dir.toString(), "TIUP_HOME", dir.resolve("t").toString());

    assertThat(TiupLocator.find(env, dir.resolve("home"))).isEmpty();
    assertThat(TiupLocator.candidates(env, dir.resolve("home")))
        .containsExactly(
            dir.resolve("tiup"),
            dir.resolve("t").resolve("bin").resolve("tiup"),
            dir.resolve("home").resolve(".tiup").resolve("bin").resolve("tiup"));
  }
}
