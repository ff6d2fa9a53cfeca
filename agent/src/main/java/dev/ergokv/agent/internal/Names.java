package dev.ergokv.agent.internal;

/**
 * Names of the runtime types the enhancer refers to. The enhancer never loads them (the agent jar
 * does not contain the runtime; enhanced classes find it on the application's class path), so they
 * are spelled out here; a test checks them against the real classes.
 */
public final class Names {

  private Names() {}

  public static final String ENTITY = "dev.ergokv.annotation.Entity";
  public static final String MAPPED_SUPERCLASS = "dev.ergokv.annotation.MappedSuperclass";
  public static final String TRANSIENT = "dev.ergokv.annotation.Transient";

  public static final String ENHANCED = "dev.ergokv.enhance.Enhanced";
  public static final String ENHANCED_DESCRIPTOR = "Ldev/ergokv/enhance/Enhanced;";
  public static final String ENHANCED_ENTITY = "dev/ergokv/enhance/EnhancedEntity";
  public static final String SLOT_TRACKING_DESCRIPTOR = "Ldev/ergokv/enhance/SlotTracking;";
  public static final String TRACKING = "dev/ergokv/enhance/Tracking";
  public static final String CHANGE_LISTENER = "dev/ergokv/enhance/ChangeListener";

  /** The enhancement format this enhancer writes; must equal {@code Enhanced.FORMAT}. */
  public static final int FORMAT = 2;

  /** The synthetic field of the topmost enhanced class that holds the dirty set. */
  public static final String DIRTY_FIELD = "$ergokv$dirty";

  /** The synthetic field of the topmost enhanced class that holds the change listener. */
  public static final String LISTENER_FIELD = "$ergokv$listener";

  /** Prefix of the generated static method that replaces writes to one persistent field. */
  public static final String SETTER_PREFIX = "ergokv$set$";

  public static final String READ = "ergokv$read";
  public static final String WRITE = "ergokv$write";
  public static final String MARK_DIRTY = "ergokv$markDirty";
  public static final String IS_DIRTY = "ergokv$isDirty";
  public static final String HAS_DIRTY = "ergokv$hasDirty";
  public static final String DIRTY_SLOTS = "ergokv$dirtySlots";
  public static final String CLEAR_DIRTY = "ergokv$clearDirty";
  public static final String LISTEN = "ergokv$listen";
}
