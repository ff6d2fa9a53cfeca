package dev.ergokv.internal.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.internal.keys.KeyNames;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Encodes entities to stored values and back.
 *
 * <p>A value is a header followed by one CBOR document:
 *
 * <pre>
 *   0xEC | schema version (unsigned LEB128) | CBOR map { field name: field value, ... }
 * </pre>
 *
 * The format byte 0xEC is an unassigned CBOR simple value, so a header is never mistaken for a
 * bare document; it also makes every value non-empty, which TiKV requires (an empty value reads as
 * a delete). Fields are keyed by name, so adding or removing a field needs no migration: unknown
 * fields are ignored and missing ones keep their default (see {@code docs/mapping.md}).
 *
 * <p>Per-field codecs are prepared once per model and run on Jackson's streaming generator and
 * parser. Encoding is deterministic, so comparing an entity's current encoding with the value it
 * was loaded from ({@link #encodeIfChanged}) tells whether it changed. Thread-safe.
 *
 * @param <T> the entity class
 */
public final class EntityCodec<T> {

  /** The first byte of every stored value in the current format. */
  public static final int FORMAT = 0xEC;

  private static final CBORFactory FACTORY =
      CBORFactory.builder()
          // Standard (RFC 8949) negative bignums, so other CBOR readers agree on the value.
          .enable(CBORGenerator.Feature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
          .enable(CBORParser.Feature.DECODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
          // Stored values are bounded by TiKV's entry size, not by text-parsing defaults.
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private static final ClassValue<EntityCodec<?>> CODECS =
      new ClassValue<>() {
        @Override
        protected EntityCodec<?> computeValue(Class<?> type) {
          return new EntityCodec<>(EntityModels.of(type));
        }
      };

  private final EntityModel<T> model;
  private final StructCodec<T> document;
  private final byte[] header;
  /** The size of the last value encoded: a good first guess for the next one. */
  private volatile int sizeHint = 64;
  /** The same for {@link #encodeFields}. */
  private volatile int fieldsSizeHint = 32;

  private EntityCodec(EntityModel<T> model) {
    this.model = model;
    this.document = new ValueCodecs.Builder().struct(model.struct());
    this.header = header(model.version());
  }

  /** The codec of {@code model}, built once per entity class. */
  @SuppressWarnings("unchecked")
  public static <T> EntityCodec<T> of(EntityModel<T> model) {
    EntityCodec<T> codec = (EntityCodec<T>) CODECS.get(model.type());
    if (codec.model != model) {
      // Models are cached per class too, so this only happens with a hand-built model.
      throw new IllegalArgumentException(model + " is not the cached model of its class");
    }
    return codec;
  }

  /** The codec of an entity class. */
  @SuppressWarnings("unchecked")
  public static <T> EntityCodec<T> of(Class<T> type) {
    return (EntityCodec<T>) CODECS.get(type);
  }

  /** The model this codec encodes. */
  public EntityModel<T> model() {
    return model;
  }

  /**
   * The stored value of {@code entity}: header and document with every persistent field, nulls
   * included (a null must not read back as the constructor's default).
   *
   * @throws ErgoKvException naming class and field when a value cannot be stored (a null map key,
   *     a map key that is not valid Unicode)
   */
  public byte[] encode(T entity) {
    Output out = new Output(sizeHint);
    out.write(header, 0, header.length);
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      document.write(generator, entity);
    } catch (EncodeException e) {
      throw new ErgoKvException(
          "Cannot store "
              + model.type().getName()
              + "."
              + e.path()
              + " (model '"
              + model.name()
              + "'): "
              + e.problem());
    } catch (IOException e) {
      throw new ErgoKvException(
          "Cannot encode " + model.type().getName() + " (model '" + model.name() + "'): " + e, e);
    }
    byte[] value = out.toByteArray();
    sizeHint = value.length;
    return value;
  }

  /**
   * The encoding of only the fields at {@code slots} (a CBOR array of their values in that order,
   * no header): equal for two states of an entity exactly when those fields would be stored the
   * same. A clean enhanced entity's fields that can change unseen (value classes, collections of
   * them) are checked with it, instead of encoding the entity whole. Not a stored value.
   *
   * @throws ErgoKvException as {@link #encode} does
   */
  public byte[] encodeFields(T entity, int[] slots) {
    Output out = new Output(fieldsSizeHint);
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      document.writeFields(generator, entity, slots);
    } catch (EncodeException e) {
      throw cannotStore(e);
    } catch (IOException e) {
      throw cannotEncode(e);
    }
    byte[] fields = out.toByteArray();
    fieldsSizeHint = fields.length;
    return fields;
  }

  /** The errors {@link #encode} throws, worded alike. */
  private ErgoKvException cannotStore(EncodeException e) {
    return new ErgoKvException(
        "Cannot store "
            + model.type().getName()
            + "."
            + e.path()
            + " (model '"
            + model.name()
            + "'): "
            + e.problem());
  }

  private ErgoKvException cannotEncode(IOException e) {
    return new ErgoKvException(
        "Cannot encode " + model.type().getName() + " (model '" + model.name() + "'): " + e, e);
  }

  /**
   * The change check of un-enhanced entities: the encoding of {@code entity} if it differs from
   * what was loaded, else null.
   *
   * <p>{@code loadedValue} is the stored value the entity was decoded from. It is compared with
   * the current encoding first (one encode: the common case). Only when they differ is the loaded
   * value decoded and re-encoded, because a value written by another version of the class (other
   * fields, other order, unknown fields) differs in bytes without the entity having changed.
   *
   * @param key the entity's key, for error messages
   */
  public byte[] encodeIfChanged(T entity, byte[] key, byte[] loadedValue) {
    byte[] current = encode(entity);
    if (Arrays.equals(current, loadedValue)) {
      return null;
    }
    byte[] canonical = encode(decode(key, loadedValue));
    return Arrays.equals(current, canonical) ? null : current;
  }

  /**
   * The schema version in the header of a stored value. A value written by an older (or newer)
   * version of the class differs from {@link EntityModel#version()}; callers check before {@link
   * #decode} to run migrations.
   *
   * @param key the value's key, for the error message
   * @throws CorruptValueException when the header is missing or malformed
   */
  public int storedVersion(byte[] key, byte[] value) {
    return readVersion(key, value, new int[1]);
  }

  /**
   * The entity stored in {@code value}, whatever schema version wrote it (see {@link
   * #storedVersion}). For classes that track writes, the new instance is marked clean.
   *
   * @param key the value's key, for the error message
   * @throws CorruptValueException naming model and key when the header or document is malformed
   *     or a field's stored value does not fit its type
   */
  public T decode(byte[] key, byte[] value) {
    int[] offset = new int[1];
    readVersion(key, value, offset);
    T entity;
    try (CBORParser parser = FACTORY.createParser(value, offset[0], value.length - offset[0])) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw corrupt(key, "the document is not a map (found " + ValueCodecs.describe(first) + ")", null);
      }
      entity = model.type().cast(document.read(parser, first));
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw corrupt(key, "unexpected data after the document", null);
      }
    } catch (DecodeException e) {
      throw corrupt(key, e.getMessage(), e);
    } catch (JacksonException e) {
      throw corrupt(key, "malformed CBOR document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw corrupt(key, "unreadable document: " + e, e);
    } catch (ErgoKvException e) {
      if (e instanceof CorruptValueException || !model.isRecord()) {
        throw e; // a failing no-arg constructor is the class's problem, not the record's
      }
      // A canonical constructor that refuses the stored values: name the record that made it fail.
      throw corrupt(key, e.getMessage(), e);
    }
    if (model.access().tracksWrites()) {
      model.access().markClean(entity);
    }
    return entity;
  }

  private int readVersion(byte[] key, byte[] value, int[] offset) {
    if (value == null || value.length == 0) {
      throw corrupt(key, "the value is empty", null);
    }
    if ((value[0] & 0xFF) != FORMAT) {
      throw corrupt(
          key,
          "unknown value format 0x" + Integer.toHexString(value[0] & 0xFF) + " (expected 0xec)",
          null);
    }
    long version = 0;
    int position = 1;
    for (int shift = 0; ; shift += 7) {
      if (position >= value.length) {
        throw corrupt(key, "the header is truncated", null);
      }
      if (shift > 28) {
        throw corrupt(key, "the schema version in the header is too long", null);
      }
      int b = value[position++] & 0xFF;
      version |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw corrupt(key, "invalid schema version " + version + " in the header", null);
    }
    offset[0] = position;
    return (int) version;
  }

  private static byte[] header(int version) {
    byte[] bytes = new byte[6];
    bytes[0] = (byte) FORMAT;
    int length = 1;
    int rest = version;
    while ((rest & ~0x7F) != 0) {
      bytes[length++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[length++] = (byte) rest;
    return Arrays.copyOf(bytes, length);
  }

  private CorruptValueException corrupt(byte[] key, String problem, Throwable cause) {
    return new CorruptValueException(model.name(), key, KeyNames.entity(model, key), problem, cause);
  }

  @Override
  public String toString() {
    return "EntityCodec[" + model.name() + " v" + model.version() + "]";
  }

  /** A byte array output stream without synchronization, sized from the previous value. */
  private static final class Output extends OutputStream {
    private byte[] bytes;
    private int length;

    Output(int capacity) {
      bytes = new byte[Math.max(capacity, 32)];
    }

    @Override
    public void write(int b) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
      if (bytes.length - length < count) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
      System.arraycopy(source, offset, bytes, length, count);
      length += count;
    }

    byte[] toByteArray() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }
}
