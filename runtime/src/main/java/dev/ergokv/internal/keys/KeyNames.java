package dev.ergokv.internal.keys;

import dev.ergokv.internal.meta.EntityModel;

/**
 * Keys and values as people read them in messages: an entity as {@code Account[id=5]}, strings
 * quoted with control characters escaped (a NUL in a key must not cut or garble a log line),
 * never raw bytes.
 */
public final class KeyNames {

  private KeyNames() {}

  /** The entity of {@code model} with key {@code key}, e.g. {@code Account[id=5]}. */
  public static String entity(EntityModel<?> model, Object key) {
    return model.name() + "[" + model.key().name() + "=" + value(key) + "]";
  }

  /**
   * The entity whose full entity key (keyspace, tag, model, key) is {@code entityKey}, e.g.
   * {@code Account[id=5]}; the generic rendering of {@link KeySpace#describe} when the bytes are
   * not an entity key of {@code model}.
   */
  public static String entity(EntityModel<?> model, byte[] entityKey) {
    if (entityKey == null || entityKey.length == 0) {
      return model.name() + "[<unknown key>]";
    }
    KeyReader in = new KeyReader(entityKey);
    try {
      KeyFormat.decodeAny(in); // the keyspace
      if (in.atEnd() || in.read() != KeySpace.ENTITY) {
        return KeySpace.describe(entityKey);
      }
      Object name = KeyFormat.decodeAny(in);
      if (!model.name().equals(name)) {
        return KeySpace.describe(entityKey);
      }
      Object key = KeyCodecs.forType(model.key().type()).decode(in);
      if (!in.atEnd()) {
        return KeySpace.describe(entityKey);
      }
      return entity(model, key);
    } catch (MalformedKeyException | IllegalArgumentException e) {
      // Not this model's layout: the generic rendering still names every component it can.
      return KeySpace.describe(entityKey);
    }
  }

  /**
   * Any key: its components when it follows the layout (see {@link KeySpace#describe}), else
   * printable ASCII as is and every other byte as {@code \xNN} (keys written by other tools).
   */
  public static String key(byte[] key) {
    String described = KeySpace.describe(key);
    if (!described.startsWith("<undecodable from byte 0>")) {
      return described;
    }
    StringBuilder out = new StringBuilder(key.length + 8);
    for (byte b : key) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append(String.format("\\x%02x", c));
      }
    }
    return out.toString();
  }

  /** A key or indexed value: strings and characters quoted and escaped, bytes in hex. */
  public static String value(Object value) {
    if (value instanceof String) {
      return quote((String) value);
    }
    if (value instanceof Character) {
      return "'" + escape(String.valueOf(value), '\'') + "'";
    }
    if (value instanceof byte[]) {
      return "0x" + KeySpace.hex((byte[]) value);
    }
    return escape(String.valueOf(value), (char) 0);
  }

  /** {@code text} in double quotes, with quotes, backslashes and control characters escaped. */
  public static String quote(String text) {
    return "\"" + escape(text, '"') + "\"";
  }

  private static String escape(String text, char quote) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean special = (quote != 0 && (c == quote || c == '\\')) || Character.isISOControl(c);
      if (special && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out == null) {
        continue;
      }
      if (!special) {
        out.append(c);
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append('\\').append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
