package dev.ergokv.localcluster.internal.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a log file, for error messages that must show why a server died. */
public final class LogTail {

  /** Enough for a stack trace or a panic message; only the end of a long log is read. */
  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /**
   * Up to {@code maxLines} last lines of {@code file}, or a sentence saying why there are none;
   * never throws, because it is called while reporting another failure.
   */
  public static String of(Path file, int maxLines) {
    if (!Files.exists(file)) {
      return "(no log file at " + file + ")";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int toRead = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[toRead];
      in.seek(length - toRead);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (toRead < length) {
        // The first line is probably cut in the middle: drop it.
        int firstBreak = text.indexOf('\n');
        text = firstBreak < 0 ? text : text.substring(firstBreak + 1);
      }
      Deque<String> lines = new ArrayDeque<>();
      for (String line : text.split("\r?\n", -1)) {
        lines.addLast(line);
        if (lines.size() > maxLines + 1) {
          lines.removeFirst();
        }
      }
      if (!lines.isEmpty() && lines.peekLast().isEmpty()) {
        lines.removeLast();
      }
      while (lines.size() > maxLines) {
        lines.removeFirst();
      }
      return lines.isEmpty() ? "(log file " + file + " is empty)" : String.join("\n", lines);
    } catch (IOException e) {
      return "(could not read log file " + file + ": " + e + ")";
    }
  }

  /** A titled block with the tail of {@code file}, ready to append to an error message. */
  public static String block(String title, Path file, int maxLines) {
    return "--- last lines of " + title + " log " + file + " ---\n" + of(file, maxLines);
  }
}
