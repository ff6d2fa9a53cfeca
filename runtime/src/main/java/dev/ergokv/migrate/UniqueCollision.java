package dev.ergokv.migrate;

/**
 * An entity that was not written because its value of a unique index belongs to another entity:
 * reported by migrations (a new unique index over existing data) and restores, never resolved by
 * overwriting.
 *
 * @param model the model name
 * @param index the unique index
 * @param value the contested value, rendered as text
 * @param ownerKey the key of the entity that owns the value (rendered)
 * @param claimantKey the key of the entity left unwritten (rendered)
 */
public record UniqueCollision(
    String model, String index, String value, String ownerKey, String claimantKey) {

  @Override
  public String toString() {
    return model
        + "."
        + index
        + " = "
        + value
        + ": owned by key "
        + ownerKey
        + ", so key "
        + claimantKey
        + " was not written";
  }
}
