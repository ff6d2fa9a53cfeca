package dev.ergokv.localcluster.internal.embedded;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Byte-string helpers: unsigned order (TiKV's key order) and readable rendering for messages. */
final class Bytes {

  static final byte[] EMPTY = new byte[0];
  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_RENDERED = 64;

  private Bytes() {}

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  static String hex(byte[] bytes) {
    if (bytes.length <= MAX_RENDERED) {
      return HEX.formatHex(bytes);
    }
    return HEX.formatHex(bytes, 0, MAX_RENDERED) + "...(" + bytes.length + " bytes)";
  }

  /** Printable ASCII as is, anything else hex-escaped: keys in error messages stay recognisable. */
  static String readable(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + 2);
    int limit = Math.min(bytes.length, MAX_RENDERED);
    for (int i = 0; i < limit; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append("\\x").append(HEX.toHexDigits((byte) b));
      }
    }
    if (bytes.length > limit) {
      sb.append("...(").append(bytes.length).append(" bytes)");
    }
    return sb.toString();
  }
}
