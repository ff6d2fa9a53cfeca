package dev.ergokv.backup;

import dev.ergokv.migrate.UniqueCollision;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished restore.
 *
 * @param directory the backup restored
 * @param snapshotTs the snapshot timestamp the backup was taken at
 * @param models what happened to each model, in the backup's order
 */
public record RestoreResult(Path directory, long snapshotTs, List<RestoredModel> models) {

  /** Copies the list. */
  public RestoreResult {
    models = List.copyOf(models);
  }

  /**
   * One model's restore.
   *
   * @param model the model name
   * @param entities entities in the backup
   * @param written entities written (new or different from what was stored)
   * @param unchanged entities already stored with the same bytes
   * @param cleared keys deleted first ({@link Restore#clearFirst}), entities and index entries
   * @param collisions entities not written because a unique value belongs to another entity
   *     (the first 100)
   * @param collisionCount how many there were in all
   */
  public record RestoredModel(
      String model,
      long entities,
      long written,
      long unchanged,
      long cleared,
      List<UniqueCollision> collisions,
      long collisionCount) {

    /** Copies the list. */
    public RestoredModel {
      collisions = List.copyOf(collisions);
    }
  }

  /** Whether every entity of the backup is now stored. */
  public boolean isComplete() {
    return models.stream().allMatch(m -> m.collisionCount() == 0);
  }
}
