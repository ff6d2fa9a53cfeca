package dev.ergokv.localcluster.internal.process;

import dev.ergokv.localcluster.internal.probe.Deadline;
import dev.ergokv.localcluster.internal.probe.Observation;
import dev.ergokv.localcluster.internal.probe.Probe;
import dev.ergokv.localcluster.internal.probe.ProbeAbortedException;
import dev.ergokv.localcluster.internal.probe.ProbeTimeoutException;
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

  /** How long a killed orphan may take to be reaped and seen dead. */
  private static final Duration REAP_TIME = Duration.ofSeconds(5);

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
      // A kill is certain, but an orphan is reaped by init and seen dead only by polling.
      awaitAll(tree, grace.compareTo(REAP_TIME) > 0 ? grace : REAP_TIME);
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

  /**
   * Waits until every process in {@code tree} has ended or {@code timeout} has passed. Polls
   * rather than using {@code onExit()}: for processes that are not our children the JDK polls
   * anyway, with pauses far longer than a stop should take.
   */
  private static boolean awaitAll(Map<Long, ProcessHandle> tree, Duration timeout) {
    try {
      Probe.of("processes to end")
          .pauses(Duration.ofMillis(5), Duration.ofMillis(50))
          .until(
              Deadline.after(timeout),
              d -> {
                List<ProcessHandle> alive = alive(tree);
                return alive.isEmpty()
                    ? Observation.ready(Boolean.TRUE)
                    : Observation.notYet(alive.size() + " still alive");
              });
      return true;
    } catch (ProbeTimeoutException e) {
      return false;
    } catch (ProbeAbortedException e) {
      throw new IllegalStateException("a probe without guard was aborted", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return alive(tree).isEmpty();
    }
  }
}
