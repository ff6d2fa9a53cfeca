package dev.ergokv.entities.enhanced;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.enhance.Tracking;
import java.util.BitSet;
import java.util.Objects;

/**
 * Like {@link Badge}, written by hand the way the enhancer rewrites an entity, with a slot the
 * enhancer cannot track: {@code avatar}, a {@code byte[]} changed in place without any field
 * write, stamped {@link SlotTracking#COMPARE_AT_FLUSH}. Canonical order: {@code avatar, id, name}.
 * {@link #readsBySlot} counts {@code ergokv$read} calls per slot.
 */
@Entity("Profile")
@Enhanced(
    format = Enhanced.FORMAT,
    fields = {"avatar", "id", "name"},
    tracking = {SlotTracking.COMPARE_AT_FLUSH, SlotTracking.VALUE, SlotTracking.VALUE})
public class Profile implements EnhancedEntity {
  @Key private long id;
  private String name;
  private byte[] avatar;

  private transient long[] dirty;
  /** {@code ergokv$read} calls per slot; not stored. */
  public final transient int[] readsBySlot = new int[3];

  protected Profile() {}

  public Profile(long id, String name, byte[] avatar) {
    this.id = id;
    this.name = name;
    this.avatar = avatar;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The stored array itself: changing it changes the entity without a field write. */
  public byte[] avatar() {
    return avatar;
  }

  public Profile name(String name) {
    if (!Objects.equals(this.name, name)) {
      ergokv$markDirty(2);
    }
    this.name = name;
    return this;
  }

  @Override
  public Object ergokv$read(int slot) {
    if (slot >= 0 && slot < readsBySlot.length) {
      readsBySlot[slot]++;
    }
    switch (slot) {
      case 0:
        return avatar;
      case 1:
        return id;
      case 2:
        return name;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }

  @Override
  public void ergokv$write(int slot, Object value) {
    switch (slot) {
      case 0:
        avatar = (byte[]) value;
        break;
      case 1:
        id = (Long) value;
        break;
      case 2:
        name = (String) value;
        break;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }

  @Override
  public void ergokv$markDirty(int slot) {
    dirty = Tracking.mark(dirty, slot);
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

  /** Total reads since construction. */
  public int slotReads() {
    int total = 0;
    for (int reads : readsBySlot) {
      total += reads;
    }
    return total;
  }
}
