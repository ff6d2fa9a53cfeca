package dev.ergokv.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkerTest {

  @Test
  void remembersTheStartOfTheLastRun(@TempDir Path temp) throws Exception {
    Marker marker = new Marker(temp.resolve("ergokv/enhance-main.marker"), "1.0");
    Instant start = Instant.parse("2026-01-02T03:04:05.123456Z");

    assertThat(marker.read()).isNull();
    marker.write(start);

    assertThat(marker.read()).isEqualTo(start);
  }

  @Test
  void aMarkerOfAnotherPluginVersionOrDamagedMeansAFullRun(@TempDir Path temp) throws Exception {
    Path file = temp.resolve("marker");
    new Marker(file, "1.0").write(Instant.now());

    assertThat(new Marker(file, "2.0").read()).isNull();

    Files.writeString(file, "1.0\nnot a time\n");
    assertThat(new Marker(file, "1.0").read()).isNull();
  }

  @Test
  void eachEnhancedFolderHasAMarkerOfItsOwn(@TempDir Path temp) {
    Path target = temp.resolve("target");
    Path testClasses = target.resolve("test-classes");

    assertThat(Marker.fileName("enhance-test", testClasses, testClasses, target))
        .isEqualTo("enhance-test.marker");
    assertThat(
            Marker.fileName("enhance-test", target.resolve("x/../test-classes"), testClasses, target))
        .isEqualTo("enhance-test.marker");
    assertThat(
            Marker.fileName(
                "enhance-test", target.resolve("enhanced-test-classes"), testClasses, target))
        .isEqualTo("enhance-test-enhanced-test-classes.marker");
    assertThat(Marker.fileName("enhance-main", temp.resolve("other/classes"), testClasses, target))
        .startsWith("enhance-main-")
        .endsWith("other_classes.marker")
        .doesNotContain("/", "\\");
  }
}
