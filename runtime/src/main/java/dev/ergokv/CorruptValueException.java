package dev.ergokv;

import dev.ergokv.internal.keys.KeySpace;

/**
 * A stored value or key could not be decoded: a bad header, a truncated document, or a field whose
 * stored type does not fit the class any more. The message names the model and the key as people
 * read it (the entity {@code User[id=9]}, or the components of an index key); {@link #key()} gives
 * the raw key, to find the record with other tools. Nothing is written back.
 *
 * <p>Such an entity can still be {@linkplain Transaction#delete(Class, Object) deleted} or
 * overwritten by {@linkplain Transaction#save save}: its index entries are then found by a scan
 * of the model's indexes (see the runtime documentation, "Repairing a corrupt entity").
 */
public class CorruptValueException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final byte[] key;

  /**
   * Creates the exception for one stored record.
   *
   * @param model the model name of the entity the record belongs to
   * @param key the record's full key (copied); may be empty when the key is unknown
   * @param problem what is wrong with the record, e.g. "truncated header"
   * @param cause the decoder's failure, or {@code null}
   */
  public CorruptValueException(String model, byte[] key, String problem, Throwable cause) {
    this(model, key, key == null ? "<unknown key>" : KeySpace.describe(key), problem, cause);
  }

  /**
   * Creates the exception for one stored record whose key the caller renders.
   *
   * @param model the model name of the entity the record belongs to
   * @param key the record's full key (copied); may be empty when the key is unknown
   * @param readableKey the key as people read it, e.g. {@code User[id=9]}
   * @param problem what is wrong with the record, e.g. "truncated header"
   * @param cause the decoder's failure, or {@code null}
   */
  public CorruptValueException(
      String model, byte[] key, String readableKey, String problem, Throwable cause) {
    super("Corrupt stored record of model '" + model + "' at " + readableKey + ": " + problem, cause);
    this.model = model;
    this.key = key == null ? new byte[0] : key.clone();
  }

  /** The model name of the entity the record belongs to. */
  public String model() {
    return model;
  }

  /** The full key of the corrupt record (a copy). */
  public byte[] key() {
    return key.clone();
  }
}
