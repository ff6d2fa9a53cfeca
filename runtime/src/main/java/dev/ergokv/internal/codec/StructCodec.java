package dev.ergokv.internal.codec;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.ergokv.internal.meta.EntityAccess;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.meta.StructModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity or nested value as a CBOR map from field name to field value, fields in canonical
 * order. Reading expects that order (one byte comparison per field) but accepts any: unknown
 * fields are skipped, missing ones keep the instance's default (classes: what the no-arg
 * constructor set; records: zero, false, null or {@code Optional.empty()}).
 */
final class StructCodec<T> extends ValueCodec {

  private final StructModel<T> struct;
  private final EntityAccess<T> access;
  private final boolean record;
  private final SerializedString[] names;
  private final ValueCodec[] codecs;
  private final boolean[] primitive;
  private final Map<String, Integer> slots;

  StructCodec(StructModel<T> struct, ValueCodecs.Builder builder) {
    super(null);
    this.struct = struct;
    this.access = struct.access();
    this.record = struct.isRecord();
    List<FieldModel> fields = struct.fields();
    int count = fields.size();
    this.names = new SerializedString[count];
    this.codecs = new ValueCodec[count];
    this.primitive = new boolean[count];
    Map<String, Integer> bySlot = new HashMap<>();
    for (FieldModel field : fields) {
      names[field.slot()] = new SerializedString(field.name());
      codecs[field.slot()] = builder.forType(field.type());
      primitive[field.slot()] = field.type().isPrimitive();
      bySlot.put(field.name(), field.slot());
    }
    this.slots = Map.copyOf(bySlot);
  }

  StructModel<T> struct() {
    return struct;
  }

  @Override
  void write(CBORGenerator out, Object value) throws IOException {
    T instance = struct.type().cast(value);
    out.writeStartObject(instance, names.length);
    for (int slot = 0; slot < names.length; slot++) {
      out.writeFieldName(names[slot]);
      try {
        codecs[slot].writeNullable(out, access.get(instance, slot));
      } catch (EncodeException e) {
        throw e.within(names[slot].getValue());
      }
    }
    out.writeEndObject();
  }

  /**
   * Writes only the fields at {@code slots}, as a CBOR array in that order: what a change check
   * compares when only some fields can change unseen. Not a stored form.
   */
  void writeFields(CBORGenerator out, T instance, int[] slots) throws IOException {
    out.writeStartArray(instance, slots.length);
    for (int slot : slots) {
      try {
        codecs[slot].writeNullable(out, access.get(instance, slot));
      } catch (EncodeException e) {
        throw e.within(names[slot].getValue());
      }
    }
    out.writeEndArray();
  }

  @Override
  Object read(CBORParser in, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      throw ValueCodecs.mismatch("a map (" + struct.type().getSimpleName() + ")", token);
    }
    Object[] values = record ? struct.absentValues() : null;
    T instance = record ? null : access.newInstance();
    int expected = 0;
    while (true) {
      int slot = -1;
      if (expected < names.length) {
        if (in.nextFieldName(names[expected])) {
          slot = expected;
        }
      } else {
        in.nextToken();
      }
      if (slot < 0) {
        JsonToken current = in.currentToken();
        if (current == JsonToken.END_OBJECT) {
          break;
        }
        if (current != JsonToken.FIELD_NAME) {
          throw new DecodeException("expected a field name, found " + ValueCodecs.describe(current));
        }
        Integer known = slots.get(in.currentName());
        if (known == null) {
          // A field this class no longer (or not yet) has: ignored, as documented.
          in.nextToken();
          in.skipChildren();
          continue;
        }
        slot = known;
      }
      expected = slot + 1;
      JsonToken first = in.nextToken();
      Object value;
      if (first == JsonToken.VALUE_NULL) {
        if (primitive[slot]) {
          continue; // a null for a primitive (e.g. the field was boxed once) keeps the default
        }
        value = codecs[slot].absentValue();
      } else if (first == null) {
        throw new DecodeException("document ends inside a map");
      } else {
        try {
          value = codecs[slot].read(in, first);
        } catch (DecodeException e) {
          throw e.within(names[slot].getValue());
        }
      }
      if (record) {
        values[slot] = value;
      } else {
        access.set(instance, slot, value);
      }
    }
    return record ? access.construct(values) : instance;
  }
}
