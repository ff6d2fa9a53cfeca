package dev.ergokv.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs after the three modes (the pom's "stored-bytes" execution, verify phase): the dumps {@link
 * StoredBytesTest} wrote in each mode must be byte-identical. Not an {@link EndToEnd} class: it
 * reads files and needs no cluster.
 */
@EnabledIfSystemProperty(
    named = DumpsAgreeTest.COMPARE_PROPERTY,
    matches = "true",
    disabledReason = "compares the dumps of the three runs; runs in the pom's stored-bytes execution")
class DumpsAgreeTest {

  static final String COMPARE_PROPERTY = "ergokv.it.compareDumps";

  @Test
  void everyEnhancementModeStoredTheSameBytes() throws IOException {
    Path dumps = Path.of(System.getProperty(StoredBytesTest.DUMPS_PROPERTY, "target/it-dumps"));
    Map<EnhancementMode, byte[]> files = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (EnhancementMode mode : EnhancementMode.values()) {
      Path file = dumps.resolve(mode.id() + ".txt");
      if (Files.isRegularFile(file)) {
        files.put(mode, Files.readAllBytes(file));
      } else {
        missing.add(file.toString());
      }
    }
    assertThat(missing)
        .as(
            "dumps StoredBytesTest writes in each mode's run (did every run execute it? "
                + "`mvn -pl it -am verify` runs all three)")
        .isEmpty();

    byte[] reference = files.get(EnhancementMode.UNENHANCED);
    assertThat(reference).as("the un-enhanced dump").isNotEmpty();
    for (Map.Entry<EnhancementMode, byte[]> other : files.entrySet()) {
      if (!Arrays.equals(reference, other.getValue())) {
        throw new AssertionError(
            "The "
                + other.getKey().id()
                + " run stored other bytes than the unenhanced run (in "
                + dumps
                + "):\n"
                + difference(reference, other.getValue(), other.getKey()));
      }
    }
  }

  /** Per key: present in one dump only, or with different values. Lines start with the key. */
  private static String difference(byte[] reference, byte[] other, EnhancementMode otherMode) {
    Map<String, String> left = byKey(reference);
    Map<String, String> right = byKey(other);
    StringBuilder text = new StringBuilder();
    for (String key : new TreeSet<>(union(left, right))) {
      String a = left.get(key);
      String b = right.get(key);
      if (a == null) {
        text.append("  only in ").append(otherMode.id()).append(": ").append(b).append('\n');
      } else if (b == null) {
        text.append("  only in unenhanced: ").append(a).append('\n');
      } else if (!a.equals(b)) {
        text.append("  differs:\n    unenhanced: ")
            .append(a)
            .append("\n    ")
            .append(otherMode.id())
            .append(": ")
            .append(b)
            .append('\n');
      }
    }
    if (text.length() == 0) {
      text.append("  (same lines: the files differ in line endings or trailing bytes)\n");
    }
    return text.toString();
  }

  private static Map<String, String> byKey(byte[] dump) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : new String(dump, UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.put(line.substring(0, Math.max(0, line.indexOf(' '))), line);
      }
    }
    return lines;
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
