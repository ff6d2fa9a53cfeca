package dev.ergokv.benchmarks.enhance;

/**
 * Where the build copies the enhancement agent: the forks that measure enhanced entities start
 * with it as -javaagent. Generated from src/main/templates (the path is filled in by the build),
 * because a fork's JVM arguments must be a constant in the benchmark's annotation.
 */
final class AgentJar {

  static final String PATH = "${project.build.directory}/agent/ergokv-agent.jar";

  /** The -javaagent option for the forks of enhanced benchmarks. */
  static final String OPTION = "-javaagent:" + PATH;

  private AgentJar() {}
}
