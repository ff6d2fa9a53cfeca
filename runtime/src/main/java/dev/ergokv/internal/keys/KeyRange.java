package dev.ergokv.internal.keys;

import java.util.Arrays;

/**
 * A range of keys for a scan: from {@link #start()} (inclusive) to {@link #end()} (exclusive), in
 * unsigned byte order. Immutable; the accessors return copies.
 */
public final class KeyRange {

  private final byte[] start;
  private final byte[] end;

  KeyRange(byte[] start, byte[] end) {
    // An inverted range (from above to) is empty; keep it well-formed for scanners.
    this.start = start;
    this.end = Arrays.compareUnsigned(start, end) > 0 ? start : end;
  }

  /** The first key of the range (inclusive). */
  public byte[] start() {
    return start.clone();
  }

  /** The first key after the range (exclusive). */
  public byte[] end() {
    return end.clone();
  }

  /** Whether no key can lie in the range. */
  public boolean isEmpty() {
    return Arrays.compareUnsigned(start, end) >= 0;
  }

  /** Whether {@code key} lies in the range. */
  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(start, key) <= 0 && Arrays.compareUnsigned(key, end) < 0;
  }

  /** The range of every key that starts with {@code prefix}. */
  static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix, prefixEnd(prefix));
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the prefix with its
   * last byte that is not 0xFF incremented and everything after dropped.
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    // Every layout prefix starts with a string tag, never 0xFF; reaching here is a bug.
    throw new IllegalArgumentException("a prefix of 0xFF bytes only has no end");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyRange
        && Arrays.equals(start, ((KeyRange) other).start)
        && Arrays.equals(end, ((KeyRange) other).end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    return "[" + KeySpace.hex(start) + ", " + KeySpace.hex(end) + ")";
  }
}
