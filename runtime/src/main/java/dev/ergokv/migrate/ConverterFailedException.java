package dev.ergokv.migrate;

import dev.ergokv.ErgoKvException;

/**
 * A {@code @MigrateFrom} converter failed on a stored entity: it threw (the cause), returned
 * null or an instance of another class, or changed the entity's key. The stored value is fine; the
 * converter is not (or cannot handle this value). The message names the model, the entity, the
 * versions and the converter. Nothing is written back; fix the converter, then load or migrate
 * again.
 */
public class ConverterFailedException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final String key;
  private final int fromVersion;
  private final int toVersion;
  private final String converter;

  /**
   * @param model the model name
   * @param key the entity, rendered for people, e.g. {@code Person[id=7]}
   * @param fromVersion the version the converter reads
   * @param toVersion the version it writes
   * @param converter the converter, e.g. {@code com.example.PersonV2.migrateFrom(PersonV1)}
   * @param what what went wrong, e.g. "threw java.lang.IllegalArgumentException: ..."
   * @param cause what the converter threw, or null
   */
  public ConverterFailedException(
      String model,
      String key,
      int fromVersion,
      int toVersion,
      String converter,
      String what,
      Throwable cause) {
    super(
        "Cannot migrate "
            + key
            + " (model '"
            + model
            + "') from version "
            + fromVersion
            + " to version "
            + toVersion
            + ": the converter "
            + converter
            + " "
            + what,
        cause);
    this.model = model;
    this.key = key;
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
    this.converter = converter;
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /** The entity the converter failed on, rendered for people. */
  public String key() {
    return key;
  }

  /** The version the converter reads. */
  public int fromVersion() {
    return fromVersion;
  }

  /** The version the converter writes. */
  public int toVersion() {
    return toVersion;
  }

  /** The converter that failed. */
  public String converter() {
    return converter;
  }
}
