package dev.ergokv.enhance;

/**
 * Told by an enhanced instance when it records its first write since its last {@link
 * EnhancedEntity#ergokv$clearDirty()}. <strong>For the runtime, not for users.</strong>
 *
 * <p>A transaction listens to the instances it loaded, so that its flush visits only those that
 * reported a change instead of asking every loaded instance: the commit of a transaction that read
 * 10,000 entities and changed one costs the same as if it had read one.
 */
@FunctionalInterface
public interface ChangeListener {

  /**
   * {@code entity} recorded a write while clean. Called on the writing thread, before the write's
   * mark is stored; must not touch {@code entity}'s dirty set.
   */
  void changed(EnhancedEntity entity);
}
