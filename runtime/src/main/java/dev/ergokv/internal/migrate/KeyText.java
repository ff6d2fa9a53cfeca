package dev.ergokv.internal.migrate;

import dev.ergokv.internal.keys.KeyFormat;
import dev.ergokv.internal.keys.KeyReader;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.MalformedKeyException;
import java.util.Arrays;

/** Renders keys and key components for results, history records and messages. */
public final class KeyText {

  private KeyText() {}

  /** A key component (or a record key's components) as text, e.g. {@code 42} or {@code "ann"}. */
  public static String component(byte[] component) {
    KeyReader in = new KeyReader(component);
    StringBuilder text = new StringBuilder();
    try {
      while (!in.atEnd()) {
        if (text.length() > 0) {
          text.append(", ");
        }
        Object value = KeyFormat.decodeAny(in);
        text.append(value instanceof String ? '"' + (String) value + '"' : render(value));
      }
      return text.toString();
    } catch (MalformedKeyException e) {
      return "0x" + hex(component);
    }
  }

  /** The entity key field of a full entity key of {@code model}, as text. */
  public static String entityKey(byte[] entityPrefix, byte[] entityKey) {
    if (entityKey.length >= entityPrefix.length
        && Arrays.equals(entityPrefix, 0, entityPrefix.length, entityKey, 0, entityPrefix.length)) {
      return component(Arrays.copyOfRange(entityKey, entityPrefix.length, entityKey.length));
    }
    return KeySpace.describe(entityKey);
  }

  private static String render(Object value) {
    if (value instanceof byte[]) {
      return "0x" + hex((byte[]) value);
    }
    return String.valueOf(value);
  }

  /** Lower-case hex, two digits per byte. */
  public static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return text.toString();
  }

  /**
   * The bytes of a hex string.
   *
   * @throws IllegalArgumentException when it is not hex of whole bytes
   */
  public static byte[] unhex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(hex.charAt(2 * i), 16);
      int low = Character.digit(hex.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("not a hex digit at " + (2 * i));
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return bytes;
  }
}
