package dev.ergokv.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar (Byte Buddy shaded inside, runtime outside) enhances entities of a fresh
 * JVM as they load, on the JDK running the build, without printing anything.
 */
class EnhancementAgentIT {

  @Test
  void javaagentEnhancesEntitiesAtLoadTimeSilently(@TempDir Path temp) throws Exception {
    String packaged = System.getProperty("ergokv.agent.jar");
    assumeTrue(
        packaged != null,
        "needs the packaged agent jar, which Failsafe passes after the package phase (mvn verify)");
    Path agentJar = Path.of(packaged);
    assertThat(agentJar).as("the packaged agent jar").isRegularFile();
    int release = Runtime.version().feature();
    Path classes = SampleBuild.compile(SampleBuild.SAMPLES, temp.resolve("classes"), release);
    Path stdout = temp.resolve("stdout.txt");
    Path stderr = temp.resolve("stderr.txt");

    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agentJar,
                    "-cp",
                    classes + File.pathSeparator + SampleBuild.runtimeClasses(),
                    "dev.ergokv.samples.AgentCheck"))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean exited = process.waitFor(2, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }

    assertThat(exited).as("the agent check JVM exited").isTrue();
    String out = read(stdout);
    String err = read(stderr);
    assertThat(process.exitValue()).as("exit status; stderr: %s", err).isZero();
    assertThat(out).contains("agent-check: OK [changedBy, revision, age,");
    assertThat(err).as("anything the JVM or the agent printed to stderr").isEmpty();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
