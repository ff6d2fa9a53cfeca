package dev.ergokv.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.ErgoKvException;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EntityCodec#encodeFields}: the change check of some fields only. */
class EncodeFieldsTest {

  static class Point {
    int x;
    int y;
  }

  @Entity("Sheet")
  static class Sheet {
    @Key long id;
    byte[] cells = {1, 2};
    Point origin = new Point();
    List<Point> marks = new ArrayList<>();
    Map<String, Integer> totals = new HashMap<>();
    String title = "t";
  }

  private static final EntityCodec<Sheet> CODEC = EntityCodec.of(Sheet.class);

  /** Slots in canonical (name) order: cells, id, marks, origin, title, totals. */
  private static final int[] MUTABLE = {0, 2, 3, 5};

  @Test
  void equalStatesEncodeEquallyAndAnInPlaceChangeOfAnyFieldShows() {
    Sheet sheet = new Sheet();
    byte[] before = CODEC.encodeFields(sheet, MUTABLE);

    assertThat(CODEC.encodeFields(new Sheet(), MUTABLE)).isEqualTo(before);
    sheet.cells[1] = 9;
    assertThat(CODEC.encodeFields(sheet, MUTABLE)).isNotEqualTo(before);
    sheet.cells[1] = 2;
    sheet.origin.y = 1;
    assertThat(CODEC.encodeFields(sheet, MUTABLE)).isNotEqualTo(before);
    sheet.origin.y = 0;
    sheet.marks.add(new Point());
    assertThat(CODEC.encodeFields(sheet, MUTABLE)).isNotEqualTo(before);
    sheet.marks.clear();
    assertThat(CODEC.encodeFields(sheet, MUTABLE)).isEqualTo(before);
  }

  @Test
  void fieldsNotAskedForDoNotCount() {
    Sheet sheet = new Sheet();
    byte[] before = CODEC.encodeFields(sheet, MUTABLE);

    sheet.title = "other";
    sheet.id = 7;

    assertThat(CODEC.encodeFields(sheet, MUTABLE)).isEqualTo(before);
  }

  @Test
  void nullsAndEmptyValuesDiffer() {
    Sheet empty = new Sheet();
    empty.cells = new byte[0];
    Sheet none = new Sheet();
    none.cells = null;

    assertThat(CODEC.encodeFields(empty, new int[] {0}))
        .isNotEqualTo(CODEC.encodeFields(none, new int[] {0}));
  }

  @Test
  void aValueThatCannotBeStoredIsRefusedNamingTheField() {
    Sheet sheet = new Sheet();
    sheet.totals.put(null, 1);

    assertThatThrownBy(() -> CODEC.encodeFields(sheet, MUTABLE))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining(Sheet.class.getName() + ".totals")
        .hasMessageContaining("model 'Sheet'");
  }
}
