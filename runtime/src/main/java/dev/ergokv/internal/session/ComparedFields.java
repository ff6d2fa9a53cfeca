package dev.ergokv.internal.session;

import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.meta.EntityAccess;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.meta.TypeModel.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The fields of an enhanced class that can change without a recorded write ({@link
 * EntityAccess#comparesAtFlush}), and how a clean instance is checked for changes to them: a
 * snapshot taken at load and after each flush, compared at the next flush. Each field is checked
 * the cheapest exact way its type allows, so a clean instance is never encoded whole:
 *
 * <ul>
 *   <li>an immutable value (a field that is compared only because it is not private, so code
 *       outside the entity may assign it): the value itself, compared with {@code equals}, which is
 *       how the enhancer's own setters decide that such a value changed;
 *   <li>a {@code byte[]}: a copy, compared with {@link Arrays#equals(byte[], byte[])};
 *   <li>anything else (value classes, collections of them): the encoding of all such fields
 *       together ({@link EntityCodec#encodeFields}).
 * </ul>
 *
 * <p>Immutable and thread-safe; snapshots belong to the transaction that took them.
 *
 * @param <T> the entity class
 */
final class ComparedFields<T> {

  private final EntityAccess<T> access;
  private final EntityCodec<T> codec;
  private final int[] byValue;
  private final int[] byCopy;
  private final int[] byEncoding;

  private ComparedFields(
      EntityAccess<T> access, EntityCodec<T> codec, int[] byValue, int[] byCopy, int[] byEncoding) {
    this.access = access;
    this.codec = codec;
    this.byValue = byValue;
    this.byCopy = byCopy;
    this.byEncoding = byEncoding;
  }

  /** The compared fields of {@code model}, or null when its access records every change. */
  static <T> ComparedFields<T> of(EntityModel<T> model, EntityCodec<T> codec) {
    EntityAccess<T> access = model.access();
    if (!access.tracksWrites()) {
      return null;
    }
    List<Integer> byValue = new ArrayList<>();
    List<Integer> byCopy = new ArrayList<>();
    List<Integer> byEncoding = new ArrayList<>();
    for (FieldModel field : model.fields()) {
      if (!access.comparesAtFlush(field)) {
        continue;
      }
      if (field.type().kind() == Kind.BYTES) {
        byCopy.add(field.slot());
      } else if (field.type().isImmutable()) {
        byValue.add(field.slot());
      } else {
        byEncoding.add(field.slot());
      }
    }
    if (byValue.isEmpty() && byCopy.isEmpty() && byEncoding.isEmpty()) {
      return null;
    }
    return new ComparedFields<>(
        access, codec, toArray(byValue), toArray(byCopy), toArray(byEncoding));
  }

  /** What the compared fields of {@code entity} hold now. */
  Object[] snapshot(T entity) {
    Object[] snapshot =
        new Object[byValue.length + byCopy.length + (byEncoding.length > 0 ? 1 : 0)];
    int i = 0;
    for (int slot : byValue) {
      snapshot[i++] = access.get(entity, slot);
    }
    for (int slot : byCopy) {
      byte[] bytes = (byte[]) access.get(entity, slot);
      snapshot[i++] = bytes == null ? null : bytes.clone();
    }
    if (byEncoding.length > 0) {
      snapshot[i] = codec.encodeFields(entity, byEncoding);
    }
    return snapshot;
  }

  /** Whether a compared field of {@code entity} differs from {@code snapshot}. */
  boolean changed(T entity, Object[] snapshot) {
    int i = 0;
    for (int slot : byValue) {
      if (!Objects.equals(snapshot[i++], access.get(entity, slot))) {
        return true;
      }
    }
    for (int slot : byCopy) {
      if (!Arrays.equals((byte[]) snapshot[i++], (byte[]) access.get(entity, slot))) {
        return true;
      }
    }
    return byEncoding.length > 0
        && !Arrays.equals((byte[]) snapshot[i], codec.encodeFields(entity, byEncoding));
  }

  private static int[] toArray(List<Integer> slots) {
    return slots.stream().mapToInt(Integer::intValue).toArray();
  }
}
