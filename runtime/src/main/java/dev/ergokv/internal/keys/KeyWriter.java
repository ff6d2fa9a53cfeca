package dev.ergokv.internal.keys;

import java.util.Arrays;

/**
 * A growable byte buffer that keys are encoded into. Not thread-safe; cheap enough to create per
 * key.
 */
public final class KeyWriter {

  private byte[] bytes;
  private int length;

  /** An empty writer with room for {@code capacity} bytes before it grows. */
  public KeyWriter(int capacity) {
    bytes = new byte[Math.max(capacity, 16)];
  }

  /** A writer that starts with {@code prefix}, with room for {@code extra} more bytes. */
  public KeyWriter(byte[] prefix, int extra) {
    bytes = Arrays.copyOf(prefix, prefix.length + Math.max(extra, 16));
    length = prefix.length;
  }

  /** Appends the low 8 bits of {@code b}. */
  public void write(int b) {
    if (length == bytes.length) {
      grow(1);
    }
    bytes[length++] = (byte) b;
  }

  /** Appends all of {@code source}. */
  public void write(byte[] source) {
    write(source, 0, source.length);
  }

  /** Appends {@code count} bytes of {@code source} from {@code offset}. */
  public void write(byte[] source, int offset, int count) {
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  /** Appends the {@code count} low-order bytes of {@code value}, most significant first. */
  public void writeBigEndian(long value, int count) {
    ensure(count);
    for (int shift = (count - 1) * 8; shift >= 0; shift -= 8) {
      bytes[length++] = (byte) (value >>> shift);
    }
  }

  /**
   * Appends {@code text} as generalized UTF-8 (unpaired surrogates become 3-byte sequences, so
   * every Java string is encoded exactly) with each 0x00 byte escaped as 0x00 0xFF, followed by
   * the terminator 0x00 0x01. Byte order of the result is code-point order of the strings, and no
   * encoding is a prefix of another.
   */
  public void writeEscapedUtf8(String text) {
    int count = text.length();
    ensure(count + 2);
    int i = 0;
    // Most keys are ASCII without NUL: copy those straight, then fall into the general loop.
    for (; i < count; i++) {
      char c = text.charAt(i);
      if (c == 0 || c >= 0x80) {
        break;
      }
      bytes[length++] = (byte) c;
    }
    for (; i < count; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c == 0) {
          ensure(2 + (count - i));
          bytes[length++] = 0;
          bytes[length++] = (byte) 0xFF;
        } else {
          ensure(1 + (count - i));
          bytes[length++] = (byte) c;
        }
      } else if (c < 0x800) {
        ensure(2 + (count - i));
        bytes[length++] = (byte) (0xC0 | (c >> 6));
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < count
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        ensure(4 + (count - i));
        bytes[length++] = (byte) (0xF0 | (codePoint >> 18));
        bytes[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        bytes[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        // Includes unpaired surrogates, which standard UTF-8 encoders would replace with '?'.
        ensure(3 + (count - i));
        bytes[length++] = (byte) (0xE0 | (c >> 12));
        bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    ensure(2);
    bytes[length++] = 0;
    bytes[length++] = 1;
  }

  /**
   * Appends {@code source} with each 0x00 byte escaped as 0x00 0xFF, followed by the terminator
   * 0x00 0x01: unsigned lexicographic order is kept and no encoding is a prefix of another.
   */
  public void writeEscaped(byte[] source) {
    ensure(source.length + 2);
    for (byte b : source) {
      if (b == 0) {
        ensure(2);
        bytes[length++] = 0;
        bytes[length++] = (byte) 0xFF;
      } else {
        ensure(1);
        bytes[length++] = b;
      }
    }
    ensure(2);
    bytes[length++] = 0;
    bytes[length++] = 1;
  }

  /** Inverts every byte written from {@code start} on (descending order for that part). */
  public void invertFrom(int start) {
    for (int i = start; i < length; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
  }

  /** The number of bytes written so far. */
  public int length() {
    return length;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  void ensure(int count) {
    if (bytes.length - length < count) {
      grow(count);
    }
  }

  private void grow(int count) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
  }
}
