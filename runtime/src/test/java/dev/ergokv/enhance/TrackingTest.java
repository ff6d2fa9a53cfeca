package dev.ergokv.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.RandomAccess;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The runtime half of the contract, exercised through a hand-written class shaped like enhancer
 * output: dirty sets, the stamp, and the wrappers behind collection and map slots.
 */
class TrackingTest {

  /** What the enhancer would generate for a class with a list, a navigable map and a string. */
  @Enhanced(
      format = Enhanced.FORMAT,
      fields = {"tags", "scores", "name"},
      tracking = {SlotTracking.LIST, SlotTracking.NAVIGABLE_MAP, SlotTracking.VALUE})
  static final class HandEnhanced extends dev.ergokv.entities.enhanced.HandEnhanced
      implements Cloneable {
    private final Object[] fields = new Object[3];

    @Override
    public Object ergokv$read(int slot) {
      if (slot < 0 || slot >= fields.length) {
        throw Tracking.noSuchSlot(this, slot);
      }
      return fields[slot];
    }

    @Override
    public void ergokv$write(int slot, Object value) {
      fields[slot] = value;
    }

    @SuppressWarnings("unchecked")
    List<String> tags() {
      return (List<String>) fields[0];
    }

    @SuppressWarnings("unchecked")
    NavigableMap<String, Integer> scores() {
      return (NavigableMap<String, Integer>) fields[1];
    }

    @Override
    protected HandEnhanced clone() throws CloneNotSupportedException {
      return (HandEnhanced) super.clone();
    }
  }

  @Enhanced(format = 0, fields = {"x"}, tracking = {SlotTracking.VALUE})
  abstract static class OldFormat implements EnhancedEntity {}

  private static HandEnhanced loaded() {
    HandEnhanced entity = new HandEnhanced();
    entity.ergokv$write(0, new ArrayList<>(List.of("a", "b")));
    entity.ergokv$write(1, new TreeMap<>(Map.of("x", 1, "y", 2, "z", 3)));
    entity.ergokv$write(2, "name");
    entity.ergokv$clearDirty();
    return entity;
  }

  @Test
  void dirtySetsGrowBeyondOneWordAndAreNeverSharedByClones() throws Exception {
    HandEnhanced original = loaded();
    original.ergokv$markDirty(2);
    HandEnhanced clone = original.clone();

    clone.ergokv$markDirty(130);

    assertThat(clone.ergokv$dirtySlots()).isEqualTo(bits(2, 130));
    assertThat(original.ergokv$dirtySlots()).isEqualTo(bits(2));
    assertThat(original.ergokv$isDirty(130)).isFalse();
    assertThatThrownBy(() -> original.ergokv$markDirty(-1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theStampDescribesSlotsAndWhichToCompareAtFlush() {
    EnhancedClass type = EnhancedClass.of(HandEnhanced.class).orElseThrow();

    assertThat(type.fieldNames()).containsExactly("tags", "scores", "name");
    assertThat(type.tracking(1)).isEqualTo(SlotTracking.NAVIGABLE_MAP);
    assertThat(type.compareAtFlushSlots()).isEqualTo(new BitSet());
    assertThat(EnhancedClass.of(String.class)).isEmpty();
  }

  @Test
  void aClassStampedWithAnotherFormatIsRefusedWithAFix() {
    assertThatThrownBy(() -> EnhancedClass.of(OldFormat.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(OldFormat.class.getName())
        .hasMessageContaining("enhancement format 0")
        .hasMessageContaining("enhance it again");
  }

  @Test
  void clearDirtyWrapsEachCollectionSlotOnceKeepingRandomAccess() {
    HandEnhanced entity = loaded();
    Object tags = entity.tags();

    entity.ergokv$clearDirty();

    assertThat(entity.tags()).isSameAs(tags);
    assertThat(entity.tags()).isInstanceOf(RandomAccess.class);
    assertThat(Tracking.isTracked(entity.tags(), entity, 0)).isTrue();
    assertThat(entity.ergokv$read(2)).isEqualTo("name");
    assertThat(entity.tags()).isEqualTo(List.of("a", "b")).hasToString("[a, b]");
  }

  @Test
  void aWrapperOfAnotherEntityIsReplacedSoChangesMarkTheRightOwner() {
    HandEnhanced first = loaded();
    HandEnhanced second = loaded();
    second.ergokv$write(0, first.tags());

    second.ergokv$clearDirty();
    second.tags().add("c");

    assertThat(second.ergokv$dirtySlots()).isEqualTo(bits(0));
    assertThat(first.ergokv$hasDirty()).isFalse();
  }

  @Test
  void listIteratorSetOfAnEqualValueChangesNothing() {
    HandEnhanced entity = loaded();
    var iterator = entity.tags().listIterator();
    iterator.next();

    iterator.set("a");
    assertThat(entity.ergokv$hasDirty()).isFalse();

    iterator.set("q");
    assertThat(entity.ergokv$dirtySlots()).isEqualTo(bits(0));
  }

  @Test
  void navigableMapViewsAndPollsReportChanges() {
    HandEnhanced entity = loaded();
    SortedMap<String, Integer> head = entity.scores().headMap("y");

    assertThat(head).containsOnlyKeys("x");
    head.clear();
    assertThat(entity.ergokv$dirtySlots()).isEqualTo(bits(1));

    entity.ergokv$clearDirty();
    entity.scores().descendingMap().pollFirstEntry();
    assertThat(entity.scores()).containsOnlyKeys("y");
    assertThat(entity.ergokv$dirtySlots()).isEqualTo(bits(1));

    entity.ergokv$clearDirty();
    Iterator<String> keys = entity.scores().navigableKeySet().iterator();
    keys.next();
    keys.remove();
    assertThat(entity.scores()).isEmpty();
    assertThat(entity.ergokv$dirtySlots()).isEqualTo(bits(1));

    entity.ergokv$clearDirty();
    assertThat(entity.scores().pollFirstEntry()).isNull();
    entity.scores().clear();
    assertThat(entity.ergokv$hasDirty()).as("nothing to poll or clear").isFalse();
  }

  @Test
  void mapWritesOfTheSameValueChangeNothingAndEntriesFromToArrayAreTracked() {
    HandEnhanced entity = loaded();

    entity.scores().put("x", 1);
    entity.scores().replace("y", 2);
    entity.scores().putIfAbsent("z", 9);
    entity.scores().computeIfPresent("x", (k, v) -> v);
    assertThat(entity.ergokv$hasDirty()).isFalse();

    @SuppressWarnings("unchecked")
    Map.Entry<String, Integer> first =
        (Map.Entry<String, Integer>) entity.scores().entrySet().toArray()[0];
    first.setValue(100);
    assertThat(entity.scores()).containsEntry("x", 100);
    assertThat(entity.ergokv$dirtySlots()).isEqualTo(bits(1));
  }

  @Test
  void unwrapGivesTheCollectionBehindAWrapper() {
    HandEnhanced entity = loaded();
    Object tags = entity.tags();

    assertThat(Tracking.unwrap(tags)).isInstanceOf(ArrayList.class).isNotSameAs(tags);
    assertThat(Tracking.unwrap("plain")).isEqualTo("plain");
  }

  @Test
  void wrappersSerializeAsThePlainCollection() throws Exception {
    HandEnhanced entity = loaded();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(entity.tags());
      out.writeObject(entity.scores().descendingMap());
    }

    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isExactlyInstanceOf(ArrayList.class).isEqualTo(List.of("a", "b"));
      assertThat(in.readObject()).isInstanceOf(NavigableMap.class).isEqualTo(entity.scores());
    }
  }

  private static BitSet bits(int... slots) {
    BitSet bits = new BitSet();
    for (int slot : slots) {
      bits.set(slot);
    }
    return bits;
  }
}
