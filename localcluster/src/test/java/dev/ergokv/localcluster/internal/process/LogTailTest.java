package dev.ergokv.localcluster.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path dir;

  @Test
  void returnsTheLastLines() throws IOException {
    Path log = dir.resolve("pd.log");
    Files.writeString(log, "one\ntwo\nthree\nfour\n");

    assertThat(LogTail.of(log, 2)).isEqualTo("three\nfour");
    assertThat(LogTail.of(log, 10)).isEqualTo("one\ntwo\nthree\nfour");
  }

  @Test
  void keepsALastLineWithoutNewline() throws IOException {
    Path log = dir.resolve("tikv.log");
    Files.writeString(log, "a\nb\npanic: boom");

    assertThat(LogTail.of(log, 2)).isEqualTo("b\npanic: boom");
  }

  @Test
  void readsOnlyTheEndOfALargeLogAndDropsTheCutLine() throws IOException {
    Path log = dir.resolve("big.log");
    String text =
        IntStream.range(0, 20_000)
            .mapToObj(i -> "line " + i + " " + "x".repeat(20))
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(log, text);

    String tail = LogTail.of(log, 3);

    assertThat(tail.split("\n"))
        .containsExactly(
            "line 19997 " + "x".repeat(20),
            "line 19998 " + "x".repeat(20),
            "line 19999 " + "x".repeat(20));
  }

  @Test
  void saysWhenThereIsNoLog() throws IOException {
    assertThat(LogTail.of(dir.resolve("missing.log"), 5))
        .contains("no log file at")
        .contains("missing.log");
    Path empty = Files.createFile(dir.resolve("empty.log"));
    assertThat(LogTail.of(empty, 5)).contains("is empty");
  }

  @Test
  void titledBlockNamesTheFile() throws IOException {
    Path log = dir.resolve("tiup.log");
    Files.writeString(log, "started\n");

    assertThat(LogTail.block("tiup playground", log, 5))
        .startsWith("--- last lines of tiup playground log " + log + " ---\n")
        .endsWith("started");
  }
}
