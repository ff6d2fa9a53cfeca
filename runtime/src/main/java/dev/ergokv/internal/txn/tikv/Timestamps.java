package dev.ergokv.internal.txn.tikv;

/** TSO timestamps: physical milliseconds shifted left by 18 bits plus a logical counter. */
final class Timestamps {

  private static final int LOGICAL_BITS = 18;

  private Timestamps() {}

  static long physical(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  static long compose(long physicalMillis, long logical) {
    return (physicalMillis << LOGICAL_BITS) | logical;
  }
}
