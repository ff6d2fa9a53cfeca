package dev.ergokv.entities.enhanced;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.enhance.Tracking;
import java.util.HashMap;
import java.util.Map;

/**
 * A hand-enhanced entity (like {@link Badge}) with a map, which a flush cannot encode while it
 * holds a null key: the way to make a flush fail on an instance that reports its own changes.
 * Canonical order: {@code id, notes}.
 */
@Entity("Memo")
@Enhanced(
    format = Enhanced.FORMAT,
    fields = {"id", "notes"},
    tracking = {SlotTracking.VALUE, SlotTracking.MAP})
public class Memo extends HandEnhanced {
  @Key private long id;
  private Map<String, String> notes = new HashMap<>();

  protected Memo() {}

  public Memo(long id) {
    this.id = id;
  }

  public Map<String, String> notes() {
    return notes;
  }

  @Override
  public Object ergokv$read(int slot) {
    switch (slot) {
      case 0:
        return id;
      case 1:
        return notes;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void ergokv$write(int slot, Object value) {
    switch (slot) {
      case 0:
        id = (Long) value;
        break;
      case 1:
        notes = (Map<String, String>) value;
        break;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }
}
