package dev.ergokv.internal.session;

import java.util.Arrays;

/** A byte array as a hash map key, compared by content. The array must not change afterwards. */
final class ByteKey {

  final byte[] bytes;
  private final int hash;

  ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey
        && hash == ((ByteKey) other).hash
        && Arrays.equals(bytes, ((ByteKey) other).bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
