package dev.ergokv.localcluster.internal.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run, kept as data so that tests can assert the exact arguments a backend passes
 * without starting anything.
 *
 * @param arguments the program (first element) followed by its arguments
 * @param environment variables added to (or replacing those in) the inherited environment
 * @param workingDirectory the directory the process starts in
 */
public record CommandLine(
    List<String> arguments, Map<String, String> environment, Path workingDirectory) {

  public CommandLine {
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("a command line needs at least the program");
    }
    arguments = List.copyOf(arguments);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** The program: the first argument. */
  public String program() {
    return arguments.get(0);
  }

  /** This command with one more environment variable. */
  public CommandLine withEnvironment(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new CommandLine(arguments, env, workingDirectory);
  }

  /** This command with more arguments at the end. */
  public CommandLine withArguments(String... more) {
    List<String> args = new ArrayList<>(arguments);
    args.addAll(List.of(more));
    return new CommandLine(args, environment, workingDirectory);
  }

  /** The command as a shell user would type it, for log lines and error messages. */
  public String display() {
    StringBuilder out = new StringBuilder();
    for (String arg : arguments) {
      if (out.length() > 0) {
        out.append(' ');
      }
      boolean plain = !arg.isEmpty() && arg.chars().allMatch(CommandLine::isShellSafe);
      out.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }

  private static boolean isShellSafe(int c) {
    return Character.isLetterOrDigit(c) || "-_./:=,@+%".indexOf(c) >= 0;
  }
}
