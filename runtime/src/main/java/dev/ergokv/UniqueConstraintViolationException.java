package dev.ergokv;

/**
 * A unique index value is already owned by another entity: saving would give two entities the same
 * {@code @Unique} value. Nothing of the transaction was written.
 *
 * <p>The message names the model, the index, the value, the key of the entity that owns it and
 * the key of the entity that tried to take it. The owner is read from the cluster when the
 * conflict is found; it is unknown (null) when the owner could not be read, for example because
 * it was deleted in the meantime.
 */
public class UniqueConstraintViolationException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final String index;
  private final transient Object value;
  private final transient Object ownerKey;
  private final transient Object entityKey;

  /**
   * Creates the exception for one contested value.
   *
   * @param model the model name of the entity
   * @param index the name of the unique index
   * @param value the contested value
   * @param ownerKey the key of the entity that owns the value, or null when unknown
   * @param entityKey the key of the entity that tried to take it
   */
  public UniqueConstraintViolationException(
      String model, String index, Object value, Object ownerKey, Object entityKey) {
    super(describe(model, index, value, ownerKey, entityKey));
    this.model = model;
    this.index = index;
    this.value = value;
    this.ownerKey = ownerKey;
    this.entityKey = entityKey;
  }

  /** The model name of the entity. */
  public String model() {
    return model;
  }

  /** The name of the unique index. */
  public String index() {
    return index;
  }

  /** The contested value. */
  public Object value() {
    return value;
  }

  /** The key of the entity that owns the value, or null when it could not be read. */
  public Object ownerKey() {
    return ownerKey;
  }

  /** The key of the entity that tried to take the value. */
  public Object entityKey() {
    return entityKey;
  }

  private static String describe(
      String model, String index, Object value, Object ownerKey, Object entityKey) {
    return "Unique index '"
        + index
        + "' of model '"
        + model
        + "' already holds "
        + Rendering.value(value)
        + (ownerKey == null
            ? " (its owner could not be read)"
            : " for the entity with key " + Rendering.value(ownerKey))
        + "; the entity with key "
        + Rendering.value(entityKey)
        + " cannot take it";
  }
}
