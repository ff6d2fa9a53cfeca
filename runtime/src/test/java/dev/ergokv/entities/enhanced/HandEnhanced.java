package dev.ergokv.entities.enhanced;

import dev.ergokv.enhance.ChangeListener;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.Tracking;
import java.util.BitSet;

/**
 * The dirty set, the listener and the methods that own them, as the enhancer adds them to the
 * topmost enhanced class of a hierarchy (see {@code docs/enhancement.md}), written once for the
 * hand-enhanced test entities. It has no persistent fields and no stamp; each entity below it
 * carries the stamp and its own slot accessors.
 */
public abstract class HandEnhanced implements EnhancedEntity {

  private transient long[] dirty;
  private transient ChangeListener listener;

  @Override
  public void ergokv$markDirty(int slot) {
    dirty = Tracking.mark(this, listener, dirty, slot);
  }

  @Override
  public void ergokv$listen(ChangeListener listener) {
    this.listener = listener;
  }

  @Override
  public boolean ergokv$isDirty(int slot) {
    return Tracking.isMarked(dirty, slot);
  }

  @Override
  public boolean ergokv$hasDirty() {
    return Tracking.anyMarked(dirty);
  }

  @Override
  public BitSet ergokv$dirtySlots() {
    return Tracking.toBitSet(dirty);
  }

  @Override
  public void ergokv$clearDirty() {
    dirty = null;
    Tracking.track(this);
  }
}
