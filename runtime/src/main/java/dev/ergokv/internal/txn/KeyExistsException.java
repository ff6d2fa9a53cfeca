package dev.ergokv.internal.txn;

/**
 * An {@link KvTransaction#insert} key already existed at commit. The entity layer turns this into
 * the public unique-violation or entity-exists error, since only it knows what the key means.
 */
public final class KeyExistsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final byte[] key;

  public KeyExistsException(byte[] key) {
    super("key already exists");
    this.key = key.clone();
  }

  /** The raw key that existed. */
  public byte[] key() {
    return key.clone();
  }
}
