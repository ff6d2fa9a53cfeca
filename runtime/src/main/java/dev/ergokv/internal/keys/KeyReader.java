package dev.ergokv.internal.keys;

/** Reads encoded key components from a byte array, front to back. Not thread-safe. */
public final class KeyReader {

  private final byte[] bytes;
  private int position;

  /** A reader over all of {@code bytes}. */
  public KeyReader(byte[] bytes) {
    this(bytes, 0);
  }

  /** A reader over {@code bytes} starting at {@code position}. */
  public KeyReader(byte[] bytes, int position) {
    this.bytes = bytes;
    this.position = position;
  }

  /** The next byte, unsigned. */
  public int read() {
    if (position >= bytes.length) {
      throw new MalformedKeyException(position, "key ends inside a component");
    }
    return bytes[position++] & 0xFF;
  }

  /** The next byte, unsigned, without consuming it; -1 at the end. */
  public int peek() {
    return position < bytes.length ? bytes[position] & 0xFF : -1;
  }

  /** The next {@code count} bytes as an unsigned big-endian number. */
  public long readBigEndian(int count) {
    require(count);
    long value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  /** Copies the next {@code count} bytes. */
  public byte[] readBytes(int count) {
    require(count);
    byte[] copy = new byte[count];
    System.arraycopy(bytes, position, copy, 0, count);
    position += count;
    return copy;
  }

  /** Whether every byte has been read. */
  public boolean atEnd() {
    return position >= bytes.length;
  }

  /** The offset of the next byte. */
  public int position() {
    return position;
  }

  /**
   * Fails unless every byte has been read: a key with trailing bytes is not the key the layout
   * describes.
   */
  public void expectEnd() {
    if (position != bytes.length) {
      throw new MalformedKeyException(
          position, (bytes.length - position) + " unexpected trailing byte(s)");
    }
  }

  /** Fails unless the next bytes are {@code prefix}, and skips them. */
  public void expect(byte[] prefix) {
    if (bytes.length - position < prefix.length) {
      throw new MalformedKeyException(position, "key is shorter than its expected prefix");
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[position + i] != prefix[i]) {
        throw new MalformedKeyException(position + i, "key does not start with the expected prefix");
      }
    }
    position += prefix.length;
  }

  /**
   * Reads a string written by {@link KeyWriter#writeEscapedUtf8}, through its terminator. Only the
   * canonical encoding is accepted (no overlong forms, no surrogate pair split in two 3-byte
   * sequences), so each string has exactly one encoding.
   */
  public String readEscapedUtf8() {
    int start = position;
    // ASCII without NUL up to the terminator is the common case: no builder needed.
    int i = position;
    while (i < bytes.length && bytes[i] > 0) {
      i++;
    }
    if (i + 1 < bytes.length && bytes[i] == 0 && bytes[i + 1] == 1) {
      position = i + 2;
      return new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    StringBuilder text = new StringBuilder(i - start + 16);
    text.append(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1));
    position = i;
    while (true) {
      int b = read();
      if (b == 0) {
        int next = read();
        if (next == 1) {
          return text.toString();
        }
        if (next != 0xFF) {
          throw new MalformedKeyException(position - 1, "bad escape 0x00 0x" + Integer.toHexString(next));
        }
        text.append('\0');
      } else if (b < 0x80) {
        text.append((char) b);
      } else if (b < 0xC2) {
        throw new MalformedKeyException(position - 1, "invalid UTF-8 lead byte");
      } else if (b < 0xE0) {
        text.append((char) (((b & 0x1F) << 6) | continuation()));
      } else if (b < 0xF0) {
        int c1 = continuation();
        if (b == 0xE0 && c1 < 0x20) {
          throw new MalformedKeyException(position - 1, "overlong UTF-8 sequence");
        }
        char c = (char) (((b & 0x0F) << 12) | (c1 << 6) | continuation());
        if (Character.isHighSurrogate(c)
            && position + 1 < bytes.length
            && (bytes[position] & 0xFF) == 0xED
            && (bytes[position + 1] & 0xFF) >= 0xB0) {
          throw new MalformedKeyException(position, "surrogate pair encoded as two sequences");
        }
        text.append(c);
      } else if (b < 0xF5) {
        int c1 = continuation();
        if ((b == 0xF0 && c1 < 0x10) || (b == 0xF4 && c1 >= 0x10)) {
          throw new MalformedKeyException(position - 1, "UTF-8 sequence out of range");
        }
        int codePoint = ((b & 0x07) << 18) | (c1 << 12) | (continuation() << 6) | continuation();
        text.appendCodePoint(codePoint);
      } else {
        throw new MalformedKeyException(position - 1, "invalid UTF-8 lead byte");
      }
    }
  }

  /** Reads bytes written by {@link KeyWriter#writeEscaped}, through the terminator. */
  public byte[] readEscaped() {
    int start = position;
    int i = position;
    while (i < bytes.length && bytes[i] != 0) {
      i++;
    }
    if (i + 1 < bytes.length && bytes[i + 1] == 1) {
      position = i + 2;
      return java.util.Arrays.copyOfRange(bytes, start, i);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(i - start + 16);
    out.write(bytes, start, i - start);
    position = i;
    while (true) {
      int b = read();
      if (b != 0) {
        out.write(b);
        continue;
      }
      int next = read();
      if (next == 1) {
        return out.toByteArray();
      }
      if (next != 0xFF) {
        throw new MalformedKeyException(position - 1, "bad escape 0x00 0x" + Integer.toHexString(next));
      }
      out.write(0);
    }
  }

  /** Skips an escaped string or byte string, through its terminator. */
  public void skipEscaped() {
    while (true) {
      if (read() == 0) {
        int next = read();
        if (next == 1) {
          return;
        }
        if (next != 0xFF) {
          throw new MalformedKeyException(position - 1, "bad escape 0x00 0x" + Integer.toHexString(next));
        }
      }
    }
  }

  private int continuation() {
    int b = read();
    if ((b & 0xC0) != 0x80) {
      throw new MalformedKeyException(position - 1, "invalid UTF-8 continuation byte");
    }
    return b & 0x3F;
  }

  byte[] array() {
    return bytes;
  }

  void advance(int count) {
    position += count;
  }

  private void require(int count) {
    if (bytes.length - position < count) {
      throw new MalformedKeyException(position, "key ends inside a component");
    }
  }
}
