package dev.ergokv.internal.keys;

import dev.ergokv.internal.meta.EntityModel;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key layout of one keyspace (one per ErgoKv instance): every key ErgoKV writes starts with the
 * keyspace name as an encoded string component, then a one-byte layout tag.
 *
 * <pre>
 *   keyspace | E | model | pk                  → entity value
 *   keyspace | U | model | index | value       → pk component (unique index)
 *   keyspace | I | model | index | value | pk  → marker (non-unique index entry)
 *   keyspace | R | model                       → model registry record
 *   keyspace | M | model | part                → migration state
 * </pre>
 *
 * <p>Because the keyspace is a self-delimiting component, keyspaces "a" and "ab" never share a
 * key prefix, and the empty keyspace is as isolated as any other. Thread-safe.
 */
public final class KeySpace {

  /** Layout tag of entity keys. */
  public static final byte ENTITY = 'E';
  /** Layout tag of unique index keys. */
  public static final byte UNIQUE = 'U';
  /** Layout tag of non-unique index entries. */
  public static final byte INDEX = 'I';
  /** Layout tag reserved for the model registry. */
  public static final byte REGISTRY = 'R';
  /** Layout tag reserved for migration state (locks, progress). */
  public static final byte MIGRATION = 'M';

  private final String name;
  private final byte[] prefix;
  private final ConcurrentHashMap<EntityModel<?>, ModelKeys<?>> models = new ConcurrentHashMap<>();

  private KeySpace(String name) {
    this.name = name;
    KeyWriter out = new KeyWriter(name.length() + 4);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(name);
    this.prefix = out.toByteArray();
  }

  /** The keyspace called {@code name}; the empty name is a keyspace too. */
  public static KeySpace of(String name) {
    return new KeySpace(Objects.requireNonNull(name, "name"));
  }

  /** The keyspace name. */
  public String name() {
    return name;
  }

  /** The encoded keyspace component that starts every key of this keyspace (a copy). */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** Every key of this keyspace. */
  public KeyRange range() {
    return KeyRange.prefix(prefix);
  }

  /** The key builders of {@code model} in this keyspace, made once and cached. */
  @SuppressWarnings("unchecked")
  public <T> ModelKeys<T> keys(EntityModel<T> model) {
    return (ModelKeys<T>) models.computeIfAbsent(model, m -> new ModelKeys<>(this, m));
  }

  /** The registry record key of a model: {@code keyspace | R | model}. */
  public byte[] registryKey(String model) {
    KeyWriter out = tagged(REGISTRY, model.length() + 4);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(model);
    return out.toByteArray();
  }

  /** Every registry record of this keyspace. */
  public KeyRange registryRange() {
    return KeyRange.prefix(tagged(REGISTRY, 0).toByteArray());
  }

  /** A migration state key of a model: {@code keyspace | M | model | part}. */
  public byte[] migrationKey(String model, String part) {
    KeyWriter out = tagged(MIGRATION, model.length() + part.length() + 8);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(model);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(part);
    return out.toByteArray();
  }

  /** Every migration state key of a model. */
  public KeyRange migrationRange(String model) {
    KeyWriter out = tagged(MIGRATION, model.length() + 4);
    out.write(KeyFormat.STRING);
    out.writeEscapedUtf8(model);
    return KeyRange.prefix(out.toByteArray());
  }

  /** A writer holding {@code keyspace | tag}, with room for {@code extra} bytes. */
  KeyWriter tagged(byte tag, int extra) {
    KeyWriter out = new KeyWriter(prefix, extra + 1);
    out.write(tag);
    return out;
  }

  /**
   * A readable rendering of any key of any keyspace, for messages and tools, e.g. {@code
   * "app"/E/"User"/42}; falls back to hex for bytes that do not follow the layout.
   */
  public static String describe(byte[] key) {
    KeyReader in = new KeyReader(key);
    StringBuilder text = new StringBuilder();
    int component = 0;
    try {
      text.append(render(KeyFormat.decodeAny(in)));
      if (!in.atEnd()) {
        text.append('/').append((char) in.read());
      }
      while (!in.atEnd()) {
        component = in.position();
        text.append('/').append(render(KeyFormat.decodeAny(in)));
      }
      return text.toString();
    } catch (MalformedKeyException e) {
      return text + (text.length() == 0 ? "" : "/") + "<undecodable from byte " + component
          + "> " + hex(key);
    }
  }

  private static String render(Object component) {
    if (component instanceof String) {
      StringBuilder text = new StringBuilder("\"");
      for (char c : ((String) component).toCharArray()) {
        if (c == '"' || c == '\\') {
          text.append('\\').append(c);
        } else if (c < 0x20 || c == 0x7F) {
          text.append(String.format("\\u%04x", (int) c));
        } else {
          text.append(c);
        }
      }
      return text.append('"').toString();
    }
    if (component instanceof byte[]) {
      return "0x" + hex((byte[]) component);
    }
    if (component instanceof Character) {
      return "'" + component + "'";
    }
    return String.valueOf(component);
  }

  /** Lower-case hex, two digits per byte. */
  static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "KeySpace[\"" + name + "\"]";
  }
}
