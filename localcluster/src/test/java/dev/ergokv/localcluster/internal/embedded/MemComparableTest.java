package dev.ergokv.localcluster.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemComparableTest {

  @Test
  void encodesInGroupsOfEightWithAPaddingMarker() {
    assertThat(MemComparable.encode(new byte[0])).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0xF7);
    assertThat(MemComparable.encode(new byte[] {1, 2, 3}))
        .containsExactly(1, 2, 3, 0, 0, 0, 0, 0, 0xFA);
    assertThat(MemComparable.encode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0xF7);
  }

  @Test
  void roundTripsAndPreservesOrderForRandomKeys() {
    Random random = new Random(42);
    byte[][] keys = new byte[2_000][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new byte[random.nextInt(20)];
      for (int j = 0; j < keys[i].length; j++) {
        keys[i][j] = (byte) (random.nextBoolean() ? random.nextInt(3) - 1 : random.nextInt(256));
      }
    }
    for (int i = 0; i < keys.length; i++) {
      byte[] encoded = MemComparable.encode(keys[i]);
      assertThat(MemComparable.decode(encoded)).isEqualTo(keys[i]);
      byte[] other = keys[(i + 1) % keys.length];
      assertThat(Integer.signum(Arrays.compareUnsigned(encoded, MemComparable.encode(other))))
          .as("order of %s and %s", Bytes.hex(keys[i]), Bytes.hex(other))
          .isEqualTo(Integer.signum(Arrays.compareUnsigned(keys[i], other)));
    }
  }

  @Test
  void rejectsBytesThatAreNotOneEncodedKey() {
    assertThatThrownBy(() -> MemComparable.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemComparable.decode(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, (byte) 0xF0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("marker");
    assertThatThrownBy(() -> MemComparable.decode(new byte[] {1, 0, 0, 0, 0, 0, 0, 9, (byte) 0xF8}))
        .hasMessageContaining("padding");
  }
}
