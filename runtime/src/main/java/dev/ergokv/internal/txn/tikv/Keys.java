package dev.ergokv.internal.txn.tikv;

import java.util.Arrays;
import java.util.Comparator;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.com.google.protobuf.UnsafeByteOperations;

/** Byte-key helpers: TiKV's order, wrapping without copies, and rendering for messages. */
final class Keys {

  /** TiKV orders keys as unsigned bytes, lexicographically. */
  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final int READABLE_LIMIT = 96;

  private Keys() {}

  /**
   * Wraps without copying. Safe because the seam's contract is that callers never change an array
   * after handing it over, and protobuf never writes into the bytes it wraps.
   */
  static ByteString wrap(byte[] key) {
    return UnsafeByteOperations.unsafeWrap(key);
  }

  /** Compares a key with a region boundary, unsigned, without copying the boundary. */
  static int compare(byte[] key, ByteString boundary) {
    int n = Math.min(key.length, boundary.size());
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(key[i] & 0xff, boundary.byteAt(i) & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(key.length, boundary.size());
  }

  /** Whether {@code key} lies before a region's end (an empty end is the end of the key space). */
  static boolean before(byte[] key, ByteString regionEnd) {
    return regionEnd.isEmpty() || compare(key, regionEnd) < 0;
  }

  /** The smallest key greater than {@code key}. */
  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * A key as people read it: printable ASCII as is, every other byte as {@code \xNN}, long keys
   * cut with their length noted. Keys are binary tuples, so this is for messages only.
   */
  static String readable(byte[] key) {
    StringBuilder out = new StringBuilder(Math.min(key.length, READABLE_LIMIT) + 8);
    int n = Math.min(key.length, READABLE_LIMIT);
    for (int i = 0; i < n; i++) {
      int b = key[i] & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b));
      }
    }
    if (key.length > n) {
      out.append("...(").append(key.length).append(" bytes)");
    }
    return out.toString();
  }

  static String readable(ByteString key) {
    return readable(key.toByteArray());
  }
}
