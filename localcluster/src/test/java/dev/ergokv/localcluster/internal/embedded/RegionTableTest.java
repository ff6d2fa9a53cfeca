package dev.ergokv.localcluster.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionTableTest {

  private static byte[] enc(String key) {
    return MemComparable.encode(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitKeepsTheIdOnTheRightAndBumpsVersionsByTheNumberOfSplits() {
    RegionTable table = new RegionTable();
    RegionMeta original = table.all().get(0);

    table.split(List.of(enc("m"), enc("c"), enc("m")));

    List<RegionMeta> regions = table.all();
    assertThat(regions).hasSize(3);
    assertThat(regions.get(2).id).isEqualTo(original.id);
    assertThat(regions).allSatisfy(r -> assertThat(r.version).isEqualTo(original.version + 2));
    assertThat(table.byBytes(enc("d")).userStart).isEqualTo("c".getBytes(StandardCharsets.UTF_8));
    assertThat(table.byBytes(enc("a")).start).isEmpty();
  }

  @Test
  void aStaleEpochLearnsEveryRegionNowCoveringItsOldRange() {
    RegionTable table = new RegionTable();
    RegionMeta original = table.all().get(0);
    table.split(List.of(enc("m")));
    table.split(List.of(enc("t")));

    RegionMeta current = table.byId(original.id);

    assertThat(table.successorsOf(current, original.version)).hasSize(3);
    assertThat(table.successorsOf(current, current.version)).containsExactly(current);
    assertThat(table.successorsOf(current, 999)).containsExactly(current);
  }

  @Test
  void rawKeysAreComparedWithTheEncodedBoundariesByteForByte() {
    RegionTable table = new RegionTable();
    table.split(List.of(enc("m")));
    RegionMeta left = table.all().get(0);

    // "m" raw sorts below its encoding ("m" then padding), so it still belongs to the left region.
    assertThat(left.containsBytes("m".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(left.containsUserKey("m".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(table.byBytes("n".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(left);
  }
}
