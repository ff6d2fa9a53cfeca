package dev.ergokv.localcluster.internal.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.OutputFrame;

/** Appends a container's output to a file in the data directory, as the process backends do. */
final class FileLogConsumer implements Consumer<OutputFrame>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileLogConsumer.class);

  private final Path file;
  private final OutputStream out;
  private boolean failed;

  FileLogConsumer(Path file) {
    this.file = file;
    try {
      this.out =
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the container log " + file, e);
    }
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void accept(OutputFrame frame) {
    byte[] bytes = frame.getBytes();
    if (bytes == null || failed) {
      return;
    }
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      // Logged once: the container keeps running; only its log file is incomplete.
      failed = true;
      log.warn("could not write the container log {}: {}", file, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      log.warn("could not close the container log {}: {}", file, e.toString());
    }
  }
}
