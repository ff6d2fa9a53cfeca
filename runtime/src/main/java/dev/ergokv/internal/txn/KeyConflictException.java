package dev.ergokv.internal.txn;

import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.keys.KeyNames;

/**
 * A {@link WriteConflictException} raised by an engine, which knows the raw key but not what it
 * means. The entity layer turns it into one that names the model and the decoded key (e.g. {@code
 * Account[id=5]}); left as is, it still reads as a conflict with the key's generic rendering.
 */
public final class KeyConflictException extends WriteConflictException {

  private static final long serialVersionUID = 1L;

  private final byte[] rawKey;
  private final String reason;

  /**
   * @param key the conflicting raw key
   * @param reason what happened to it, phrased to follow the key, e.g. "was written by transaction
   *     5 after transaction 3 started"
   */
  public KeyConflictException(byte[] key, String reason) {
    super(KeyNames.key(key), "key " + KeyNames.key(key) + " " + reason, null);
    this.rawKey = key.clone();
    this.reason = reason;
  }

  /** The conflicting raw key (a copy). */
  public byte[] rawKey() {
    return rawKey.clone();
  }

  /** What happened to the key, phrased to follow it. */
  public String reason() {
    return reason;
  }
}
