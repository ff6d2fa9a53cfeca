package dev.ergokv.localcluster.internal.embedded;

/**
 * TSO timestamps: physical milliseconds shifted left by 18 bits plus a logical counter. TiKV treats
 * them as unsigned; {@code u64::MAX} ({@code -1L} here) means "latest" in reads.
 */
final class Timestamps {

  static final int LOGICAL_BITS = 18;
  static final long MAX = -1L;

  private Timestamps() {}

  static long physical(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  static long compose(long physicalMillis, long logical) {
    return (physicalMillis << LOGICAL_BITS) | logical;
  }

  static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }

  static boolean isMax(long ts) {
    return ts == MAX;
  }
}
