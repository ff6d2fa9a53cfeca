package dev.ergokv;

/**
 * {@link Transaction#update} was given an entity that does not exist. (Loading a missing key is
 * not an error: {@link ReadTransaction#load} returns an empty {@code Optional}.)
 */
public class EntityNotFoundException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final transient Object key;

  /**
   * @param model the model name of the entity
   * @param key the key that does not exist
   */
  public EntityNotFoundException(String model, Object key) {
    super(
        "No entity of model '"
            + model
            + "' with key "
            + Rendering.value(key)
            + " exists; update changes existing entities only (save inserts or updates)");
    this.model = model;
    this.key = key;
  }

  /** The model name of the entity. */
  public String model() {
    return model;
  }

  /** The key that does not exist. */
  public Object key() {
    return key;
  }
}
