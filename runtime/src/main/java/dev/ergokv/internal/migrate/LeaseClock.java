package dev.ergokv.internal.migrate;

import dev.ergokv.internal.txn.KvTransaction;

/**
 * The time by which leases expire and records are stamped: the physical part of the
 * transaction's start timestamp, so every runner judges expiry by PD's clock (no clock skew
 * between hosts). Engines whose timestamps are not from a TSO (the in-memory test engine) fall
 * back to this JVM's clock.
 */
final class LeaseClock {

  /** Milliseconds since 2001; smaller physical parts cannot come from a TSO. */
  private static final long PLAUSIBLE_TSO_MILLIS = 1_000_000_000_000L;

  private LeaseClock() {}

  /** Milliseconds since the epoch, at the start of {@code tx}. */
  static long now(KvTransaction tx) {
    long physical = tx.startTs() >>> 18;
    return physical > PLAUSIBLE_TSO_MILLIS ? physical : System.currentTimeMillis();
  }
}
