package dev.ergokv.localcluster.internal.embedded;

import java.util.Arrays;

/**
 * TiKV's memcomparable encoding of byte strings: groups of 8 bytes, each followed by a marker byte
 * that says how many of the 8 are padding. Encoded keys sort like the keys they encode, so region
 * boundaries kept encoded (as TiKV and PD keep them for transactional data) order user keys
 * correctly, and the transactional client decodes them back to user keys.
 */
final class MemComparable {

  private static final int GROUP_SIZE = 8;
  private static final int MARKER = 0xFF;

  private MemComparable() {}

  static byte[] encode(byte[] key) {
    int groups = key.length / GROUP_SIZE + 1;
    byte[] out = new byte[groups * (GROUP_SIZE + 1)];
    int read = 0;
    int write = 0;
    for (int g = 0; g < groups; g++) {
      int take = Math.min(GROUP_SIZE, key.length - read);
      System.arraycopy(key, read, out, write, take);
      read += take;
      write += GROUP_SIZE;
      out[write++] = (byte) (MARKER - (GROUP_SIZE - take));
    }
    return out;
  }

  /**
   * Decodes a whole encoded key.
   *
   * @throws IllegalArgumentException if the bytes are not exactly one encoded key
   */
  static byte[] decode(byte[] encoded) {
    if (encoded.length == 0 || encoded.length % (GROUP_SIZE + 1) != 0) {
      throw new IllegalArgumentException(
          "not a memcomparable-encoded key (length " + encoded.length + "): " + Bytes.hex(encoded));
    }
    byte[] out = new byte[encoded.length / (GROUP_SIZE + 1) * GROUP_SIZE];
    int written = 0;
    for (int at = 0; at < encoded.length; at += GROUP_SIZE + 1) {
      int pad = MARKER - (encoded[at + GROUP_SIZE] & 0xFF);
      if (pad < 0 || pad > GROUP_SIZE) {
        throw new IllegalArgumentException("bad group marker in encoded key " + Bytes.hex(encoded));
      }
      int real = GROUP_SIZE - pad;
      for (int i = real; i < GROUP_SIZE; i++) {
        if (encoded[at + i] != 0) {
          throw new IllegalArgumentException("non-zero padding in encoded key " + Bytes.hex(encoded));
        }
      }
      System.arraycopy(encoded, at, out, written, real);
      written += real;
      if (pad > 0) {
        if (at + GROUP_SIZE + 1 != encoded.length) {
          throw new IllegalArgumentException("trailing bytes after encoded key " + Bytes.hex(encoded));
        }
        return Arrays.copyOf(out, written);
      }
    }
    throw new IllegalArgumentException("encoded key has no final group: " + Bytes.hex(encoded));
  }
}
