package dev.ergokv;

/**
 * {@link Transaction#insert} met an entity that already exists under the same key. Nothing of the
 * transaction was written. Use {@link Transaction#save} to insert or update.
 */
public class EntityExistsException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final transient Object key;

  /**
   * @param model the model name of the entity
   * @param key the key that exists
   */
  public EntityExistsException(String model, Object key) {
    super(
        "An entity of model '"
            + model
            + "' with key "
            + Rendering.value(key)
            + " already exists; insert creates new entities only (save inserts or updates)");
    this.model = model;
    this.key = key;
  }

  /** The model name of the entity. */
  public String model() {
    return model;
  }

  /** The key that exists. */
  public Object key() {
    return key;
  }
}
