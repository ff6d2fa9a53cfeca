package dev.ergokv.localcluster.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void displaysArgumentsAsAShellWouldNeedThem() {
    CommandLine command =
        new CommandLine(
            List.of("/opt/bin/pd-server", "--name=pd-0", "has space", "it's", ""),
            Map.of(),
            Path.of("/tmp"));

    assertThat(command.display())
        .isEqualTo("/opt/bin/pd-server --name=pd-0 'has space' 'it'\\''s' ''");
    assertThat(command.program()).isEqualTo("/opt/bin/pd-server");
  }

  @Test
  void isImmutableAndExtendsByCopy() {
    List<String> args = new ArrayList<>(List.of("tiup"));
    CommandLine command = new CommandLine(args, Map.of(), Path.of("."));
    args.add("changed");

    CommandLine extended = command.withArguments("playground").withEnvironment("A", "1");

    assertThat(command.arguments()).containsExactly("tiup");
    assertThat(command.environment()).isEmpty();
    assertThat(extended.arguments()).containsExactly("tiup", "playground");
    assertThat(extended.environment()).containsExactly(Map.entry("A", "1"));
  }

  @Test
  void needsAProgram() {
    assertThatThrownBy(() -> new CommandLine(List.of(), Map.of(), Path.of(".")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("program");
  }
}
