package dev.ergokv.entities.enhanced;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.enhance.Tracking;
import java.util.Objects;

/**
 * Like {@link Badge}, written by hand the way the enhancer rewrites an entity, with the three
 * kinds of slots the enhancer cannot track, stamped {@link SlotTracking#COMPARE_AT_FLUSH}:
 * {@code avatar}, a {@code byte[]} changed in place; {@code motto}, a String in a field that is
 * not private, so code outside the entity may assign it unseen; {@code spot}, a mutable value
 * class. Canonical order: {@code avatar, id, motto, name, spot}. {@link #readsBySlot} counts
 * {@code ergokv$read} calls per slot.
 */
@Entity("Profile")
@Enhanced(
    format = Enhanced.FORMAT,
    fields = {"avatar", "id", "motto", "name", "spot"},
    tracking = {
      SlotTracking.COMPARE_AT_FLUSH,
      SlotTracking.VALUE,
      SlotTracking.COMPARE_AT_FLUSH,
      SlotTracking.VALUE,
      SlotTracking.COMPARE_AT_FLUSH
    })
public class Profile extends HandEnhanced {

  /** A mutable value stored inside the profile. */
  public static class Spot {
    public int x;
    public int y;
  }

  @Key private long id;
  private String name;
  private byte[] avatar;
  /** Not private: assigned directly, without the setter the enhancer would route writes to. */
  public String motto = "";

  private Spot spot = new Spot();

  /** {@code ergokv$read} calls per slot; not stored. */
  public final transient int[] readsBySlot = new int[5];

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

  /** The stored value itself: changing it changes the entity without a field write. */
  public Spot spot() {
    return spot;
  }

  /** Changes the key: the runtime must refuse to store that, however it is saved. */
  public Profile id(long id) {
    if (this.id != id) {
      ergokv$markDirty(1);
    }
    this.id = id;
    return this;
  }

  public Profile name(String name) {
    if (!Objects.equals(this.name, name)) {
      ergokv$markDirty(3);
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
        return motto;
      case 3:
        return name;
      case 4:
        return spot;
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
        motto = (String) value;
        break;
      case 3:
        name = (String) value;
        break;
      case 4:
        spot = (Spot) value;
        break;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }
}
