package dev.ergokv.internal.txn.tikv;

import org.tikv.kvproto.Kvrpcpb;

/** Reading TiKV's per-key errors. */
final class KeyErrors {

  private KeyErrors() {}

  /** TiKV reports a commit whose lock is gone (and which did not commit) as retryable text. */
  static boolean isTxnLockNotFound(Kvrpcpb.KeyError error) {
    return error.getRetryable().contains("TxnLockNotFound");
  }

  /**
   * A rollback (or cleanup) of a transaction that committed: TiKV answers it with an {@code abort}
   * text naming {@code Committed} and the commit ts.
   */
  static boolean isCommitted(Kvrpcpb.KeyError error) {
    return error.getAbort().contains("Committed");
  }

  /** A one-line description naming the kind of error and its key, for messages. */
  static String describe(Kvrpcpb.KeyError error) {
    if (error.hasLocked()) {
      Kvrpcpb.LockInfo lock = error.getLocked();
      return "key " + Keys.readable(lock.getKey()) + " is locked by transaction "
          + Long.toUnsignedString(lock.getLockVersion());
    }
    if (error.hasConflict()) {
      return "write conflict on key " + Keys.readable(error.getConflict().getKey());
    }
    if (error.hasAlreadyExist()) {
      return "key " + Keys.readable(error.getAlreadyExist().getKey()) + " already exists";
    }
    if (error.hasCommitTsExpired()) {
      return "commit ts expired on key " + Keys.readable(error.getCommitTsExpired().getKey());
    }
    if (error.hasTxnNotFound()) {
      return "transaction " + Long.toUnsignedString(error.getTxnNotFound().getStartTs()) + " not found";
    }
    if (error.hasAssertionFailed()) {
      return "assertion failed on key " + Keys.readable(error.getAssertionFailed().getKey());
    }
    if (!error.getAbort().isEmpty()) {
      return error.getAbort();
    }
    if (!error.getRetryable().isEmpty()) {
      return error.getRetryable();
    }
    return error.toString().replace('\n', ' ').trim();
  }
}
