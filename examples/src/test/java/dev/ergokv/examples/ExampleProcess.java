package dev.ergokv.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An example's main class run in a JVM of its own, as the README's command runs it. */
record ExampleProcess(int exitCode, String output) {

  private static final long DEADLINE_SECONDS = 120;

  /**
   * Runs {@code mainClass} with this test's class path and waits for the JVM to exit by itself;
   * fails if it is still running after the deadline (a thread left behind keeps it alive).
   */
  static ExampleProcess run(Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    // Surefire's own class path property lists the real entries (java.class.path may be a
    // manifest-only jar).
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The run-wide backend override must not redirect the example to another cluster.
    builder.environment().remove("ERGOKV_CLUSTER");
    Process process = builder.start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process));
    if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          mainClass.getSimpleName()
              + " did not exit within "
              + DEADLINE_SECONDS
              + " s (a non-daemon thread left running?); output so far:\n"
              + output.getNow("(unavailable)"));
    }
    return new ExampleProcess(process.exitValue(), output.join());
  }

  private static String read(Process process) {
    try (InputStream in = process.getInputStream()) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
