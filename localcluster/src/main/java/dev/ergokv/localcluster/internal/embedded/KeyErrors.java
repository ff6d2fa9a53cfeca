package dev.ergokv.localcluster.internal.embedded;

import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * Builds the {@link Kvrpcpb.KeyError}s TiKV sends, field for field: a write conflict carries both
 * the structured {@code conflict} and the older {@code retryable} text; a lost lock at commit is
 * {@code retryable}; errors without a field of their own are {@code abort} texts naming the error.
 */
final class KeyErrors {

  private KeyErrors() {}

  static KeyErrorException locked(Kvrpcpb.LockInfo info) {
    return new KeyErrorException(Kvrpcpb.KeyError.newBuilder().setLocked(info).build());
  }

  static KeyErrorException writeConflict(
      long startTs, long conflictStartTs, long conflictCommitTs, byte[] key, byte[] primary, String reason) {
    Kvrpcpb.WriteConflict conflict =
        Kvrpcpb.WriteConflict.newBuilder()
            .setStartTs(startTs)
            .setConflictTs(conflictStartTs)
            .setConflictCommitTs(conflictCommitTs)
            .setKey(ByteString.copyFrom(key))
            .setPrimary(ByteString.copyFrom(primary))
            .build();
    String text =
        "WriteConflict { start_ts: " + Long.toUnsignedString(startTs)
            + ", conflict_start_ts: " + Long.toUnsignedString(conflictStartTs)
            + ", conflict_commit_ts: " + Long.toUnsignedString(conflictCommitTs)
            + ", key: " + Bytes.readable(key)
            + ", primary: " + Bytes.readable(primary)
            + ", reason: " + reason + " }";
    return new KeyErrorException(
        Kvrpcpb.KeyError.newBuilder().setConflict(conflict).setRetryable(text).build());
  }

  static KeyErrorException alreadyExist(byte[] key) {
    return new KeyErrorException(
        Kvrpcpb.KeyError.newBuilder()
            .setAlreadyExist(Kvrpcpb.AlreadyExist.newBuilder().setKey(ByteString.copyFrom(key)))
            .build());
  }

  static KeyErrorException txnLockNotFound(long startTs, long commitTs, byte[] key) {
    String text =
        "TxnLockNotFound { start_ts: " + Long.toUnsignedString(startTs)
            + ", commit_ts: " + Long.toUnsignedString(commitTs)
            + ", key: " + Bytes.readable(key) + " }";
    return new KeyErrorException(Kvrpcpb.KeyError.newBuilder().setRetryable(text).build());
  }

  static KeyErrorException txnNotFound(long startTs, byte[] primary) {
    return new KeyErrorException(
        Kvrpcpb.KeyError.newBuilder()
            .setTxnNotFound(
                Kvrpcpb.TxnNotFound.newBuilder()
                    .setStartTs(startTs)
                    .setPrimaryKey(ByteString.copyFrom(primary)))
            .build());
  }

  static KeyErrorException commitTsExpired(long startTs, long commitTs, byte[] key, long minCommitTs) {
    return new KeyErrorException(
        Kvrpcpb.KeyError.newBuilder()
            .setCommitTsExpired(
                Kvrpcpb.CommitTsExpired.newBuilder()
                    .setStartTs(startTs)
                    .setAttemptedCommitTs(commitTs)
                    .setKey(ByteString.copyFrom(key))
                    .setMinCommitTs(minCommitTs))
            .build());
  }

  static KeyErrorException assertionFailed(
      long startTs, byte[] key, Kvrpcpb.Assertion assertion, long existingStartTs, long existingCommitTs) {
    return new KeyErrorException(
        Kvrpcpb.KeyError.newBuilder()
            .setAssertionFailed(
                Kvrpcpb.AssertionFailed.newBuilder()
                    .setStartTs(startTs)
                    .setKey(ByteString.copyFrom(key))
                    .setAssertion(assertion)
                    .setExistingStartTs(existingStartTs)
                    .setExistingCommitTs(existingCommitTs))
            .build());
  }

  /** A rollback of a committed transaction: {@code abort} text, plus the commit ts for Cleanup. */
  static KeyErrorException committed(long startTs, long commitTs, byte[] key) {
    return new KeyErrorException(
        abortError(
            "Committed { start_ts: " + Long.toUnsignedString(startTs)
                + ", commit_ts: " + Long.toUnsignedString(commitTs)
                + ", key: " + Bytes.readable(key) + " }"),
        commitTs);
  }

  static KeyErrorException abort(String text) {
    return new KeyErrorException(abortError(text));
  }

  private static Kvrpcpb.KeyError abortError(String text) {
    return Kvrpcpb.KeyError.newBuilder().setAbort(text).build();
  }
}
