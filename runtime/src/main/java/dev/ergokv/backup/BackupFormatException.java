package dev.ergokv.backup;

import dev.ergokv.ErgoKvException;

/**
 * A backup cannot be restored as it is: no or unreadable manifest, a format version this ErgoKV
 * does not read, a file that is missing or whose checksum differs, a line that is not in the
 * format, a model without a class, a schema version the class does not know, a value that does
 * not decode. Thrown before anything is written; the message names the file and line.
 */
public class BackupFormatException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  /** @param message what is wrong, naming the file (and line) */
  public BackupFormatException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the file (and line)
   * @param cause the underlying failure
   */
  public BackupFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
