package dev.ergokv.localcluster.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake servers are /bin/sh scripts")
@Timeout(30)
class ManagedProcessTest {

  @TempDir Path dir;

  @Test
  void writesOutputToTheLogAndReportsTheExitCode() throws Exception {
    Path script = FakeExecutables.failing(dir, "pd-server", "fatal: cannot bind", 3);
    ManagedProcess process =
        ManagedProcess.start(
            "pd-server", command(script.toString()), dir.resolve("logs").resolve("pd.log"));

    process.onExit().get(10, TimeUnit.SECONDS);

    assertThat(process.exitCode()).hasValue(3);
    assertThat(process.isAlive()).isFalse();
    assertThat(process.logTail(5)).isEqualTo("fatal: cannot bind");
    assertThat(process.exitDescription())
        .hasValue("pd-server (pid " + process.pid() + ") exited with code 3");
  }

  @Test
  void passesArgumentsEnvironmentAndWorkingDirectory() throws Exception {
    Path script =
        FakeExecutables.script(
            dir, "show", "echo \"args=$*\"; echo \"env=$ERGOKV_TEST_VAR\"; echo \"pwd=$(pwd)\"");
    Path work = dir.resolve("work");
    CommandLine command =
        new CommandLine(List.of(script.toString(), "--a=1", "b c"), Map.of("ERGOKV_TEST_VAR", "x"), work);

    ManagedProcess process = ManagedProcess.start("show", command, dir.resolve("show.log"));
    process.onExit().get(10, TimeUnit.SECONDS);

    assertThat(process.exitCode()).hasValue(0);
    assertThat(Files.readAllLines(dir.resolve("show.log")))
        .containsExactly("args=--a=1 b c", "env=x", "pwd=" + work.toRealPath());
  }

  @Test
  void closesStdinSoAServerReadingItDoesNotHang() throws Exception {
    Path script = FakeExecutables.script(dir, "reader", "cat; echo stdin-closed");
    ManagedProcess process = ManagedProcess.start("reader", command(script.toString()), dir.resolve("r.log"));

    process.onExit().get(10, TimeUnit.SECONDS);

    assertThat(process.logTail(1)).isEqualTo("stdin-closed");
  }

  @Test
  void stopEndsTheProcessAndTheProcessesItStarted() throws Exception {
    Path argv = dir.resolve("argv");
    Path script = FakeExecutables.longRunning(dir, "tiup", argv, "up");
    ManagedProcess process = ManagedProcess.start("tiup", command(script.toString()), dir.resolve("t.log"));
    long childPid = awaitChildPid(argv);
    ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
    assertThat(child.isAlive()).isTrue();

    List<ProcessHandle> survivors = process.stop(Duration.ofSeconds(5));

    assertThat(survivors).isEmpty();
    assertThat(process.isAlive()).isFalse();
    assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void stopKillsWhatIgnoresTheTerminationRequest() throws Exception {
    Path started = dir.resolve("started");
    Path script =
        FakeExecutables.script(
            dir,
            "stubborn",
            "trap '' TERM\necho ready > '" + started + "'\nwhile true; do sleep 1; done");
    ManagedProcess process =
        ManagedProcess.start("stubborn", command(script.toString()), dir.resolve("s.log"));
    awaitFile(started);

    long begin = System.nanoTime();
    List<ProcessHandle> survivors = process.stop(Duration.ofMillis(300));

    assertThat(survivors).isEmpty();
    assertThat(process.isAlive()).isFalse();
    // Killed by SIGKILL: the shell's exit code is 128 + 9.
    assertThat(process.exitCode()).hasValue(137);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
  }

  private CommandLine command(String program) {
    return new CommandLine(List.of(program), Map.of(), dir);
  }

  static long awaitChildPid(Path argv) throws Exception {
    return Long.parseLong(FakeExecutables.awaitFile(Path.of(argv + ".child")).trim());
  }

  static void awaitFile(Path file) throws Exception {
    FakeExecutables.awaitFile(file);
  }
}
