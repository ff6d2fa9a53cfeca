package dev.ergokv.localcluster.internal.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process we started: its output goes to a log file (so that a failure can show the
 * log's tail), and {@link #stop(Duration)} ends it together with every process it started.
 */
public final class ManagedProcess implements AutoCloseable {

  /** How long {@link #close()} lets the process tree shut down before killing it. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);

  private final String name;
  private final CommandLine command;
  private final Path logFile;
  private final Process process;

  private ManagedProcess(String name, CommandLine command, Path logFile, Process process) {
    this.name = name;
    this.command = command;
    this.logFile = logFile;
    this.process = process;
  }

  /**
   * Starts {@code command}; stdout and stderr are appended to {@code logFile} and stdin is closed
   * at once, so a server that reads its terminal sees end-of-file rather than waiting on us.
   *
   * @param name what the process is, for messages ({@code "pd-server"})
   */
  public static ManagedProcess start(String name, CommandLine command, Path logFile)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Files.createDirectories(command.workingDirectory());
    ProcessBuilder builder =
        new ProcessBuilder(command.arguments())
            .directory(command.workingDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(command.environment());
    Process process = builder.start();
    OutputStream stdin = process.getOutputStream();
    stdin.close();
    log.debug("started {} (pid {}): {}", name, process.pid(), command.display());
    return new ManagedProcess(name, command, logFile, process);
  }

  public String name() {
    return name;
  }

  public CommandLine command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once the process has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Completes when the process ends. */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The last {@code maxLines} lines of the log. */
  public String logTail(int maxLines) {
    return LogTail.of(logFile, maxLines);
  }

  /** "pd-server (pid 42) exited with code 1", or empty while it runs. */
  public Optional<String> exitDescription() {
    OptionalInt code = exitCode();
    if (code.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(name + " (pid " + pid() + ") exited with code " + code.getAsInt());
  }

  /**
   * Ends the process and all its descendants: a polite termination request first, then, for
   * whatever is still alive after {@code grace}, a forced kill. Descendants are collected before
   * the parent ends, because once it has, they are no longer reachable through it (a launcher
   * such as {@code tiup} would otherwise leave its servers behind).
   *
   * @return the processes still alive after the forced kill had {@code grace} to act (normally
   *     empty)
   */
  public List<ProcessHandle> stop(Duration grace) {
    Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
    collect(process.toHandle(), tree);
    tree.values().forEach(ProcessHandle::destroy);
    if (!awaitAll(tree, grace)) {
      // Some refused to end politely; children they started meanwhile are collected as well.
      for (ProcessHandle handle : new ArrayList<>(tree.values())) {
        collect(handle, tree);
      }
      List<ProcessHandle> stubborn = alive(tree);
      log.warn(
          "{} did not stop within {} ms; killing {}",
          name,
          grace.toMillis(),
          stubborn.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(", ")));
      stubborn.forEach(ProcessHandle::destroyForcibly);
      awaitAll(tree, grace);
    }
    List<ProcessHandle> survivors = alive(tree);
    if (!survivors.isEmpty()) {
      log.warn("processes of {} still alive after a forced kill: {}", name, survivors);
    }
    return survivors;
  }

  /** Stops the process tree with {@link #DEFAULT_GRACE}. */
  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }

  private static void collect(ProcessHandle root, Map<Long, ProcessHandle> into) {
    into.putIfAbsent(root.pid(), root);
    root.descendants().forEach(h -> into.putIfAbsent(h.pid(), h));
  }

  private static List<ProcessHandle> alive(Map<Long, ProcessHandle> tree) {
    return tree.values().stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
  }

  /** Waits until every process in {@code tree} has ended or {@code timeout} has passed. */
  private static boolean awaitAll(Map<Long, ProcessHandle> tree, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle handle : tree.values()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return alive(tree).isEmpty();
      }
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return alive(tree).isEmpty();
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for pid " + handle.pid() + " failed", e);
      }
    }
    return true;
  }
}
