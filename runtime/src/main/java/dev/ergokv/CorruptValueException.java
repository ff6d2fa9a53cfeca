package dev.ergokv;

/**
 * A stored value or key could not be decoded: a bad header, a truncated document, or a field whose
 * stored type does not fit the class any more. The message names the model and the key (in hex and
 * as printable text) so the record can be found and inspected; nothing is written back.
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
    super(describe(model, key, problem), cause);
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

  private static String describe(String model, byte[] key, String problem) {
    return "Corrupt stored record of model '"
        + model
        + "' at key "
        + hex(key)
        + " ("
        + printable(key)
        + "): "
        + problem;
  }

  /** The key as lower-case hex, two digits per byte. */
  static String hex(byte[] key) {
    if (key == null) {
      return "<none>";
    }
    StringBuilder text = new StringBuilder(key.length * 2);
    for (byte b : key) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return text.toString();
  }

  /** The key with printable ASCII kept and every other byte written as {@code \xNN}. */
  static String printable(byte[] key) {
    if (key == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(key.length + 8);
    for (byte b : key) {
      int c = b & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\\') {
        text.append((char) c);
      } else {
        text.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 0xF, 16));
      }
    }
    return text.toString();
  }
}
