package dev.ergokv.entities.enhanced;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import dev.ergokv.enhance.Enhanced;
import dev.ergokv.enhance.SlotTracking;
import dev.ergokv.enhance.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An entity written by hand the way the enhancer rewrites one (see {@code docs/enhancement.md}):
 * the stamp, slot accessors over the canonical order ({@code code, id, label, tags, team}),
 * setters that mark a slot only when the value changes, one dirty set, and a list slot that
 * {@code ergokv$clearDirty} wraps. Every slot is tracked exactly, so nothing is compared at flush.
 *
 * <p>It tests the runtime's side of the contract; the enhancer's side is tested on its own output
 * in the agent module. {@link #slotReads} counts {@code ergokv$read} calls: the runtime reads
 * fields only to encode them or to compute keys, so a clean instance's count stays put at flush.
 */
@Entity("Badge")
@Enhanced(
    format = Enhanced.FORMAT,
    fields = {"code", "id", "label", "tags", "team"},
    tracking = {
      SlotTracking.VALUE,
      SlotTracking.VALUE,
      SlotTracking.VALUE,
      SlotTracking.LIST,
      SlotTracking.VALUE
    })
public class Badge extends HandEnhanced {
  @Key private long id;
  @Unique private String code;
  @Index private String team;
  private String label;
  private List<String> tags = new ArrayList<>();

  /** How often the runtime read a field through {@code ergokv$read}; not stored. */
  public transient int slotReads;
  /** How often the runtime asked whether this instance changed; not stored. */
  public transient int dirtyChecks;

  protected Badge() {}

  public Badge(long id, String code, String team, String label) {
    this.id = id;
    this.code = code;
    this.team = team;
    this.label = label;
  }

  public long id() {
    return id;
  }

  public String code() {
    return code;
  }

  public String team() {
    return team;
  }

  public String label() {
    return label;
  }

  public List<String> tags() {
    return tags;
  }

  public Badge id(long id) {
    if (this.id != id) {
      ergokv$markDirty(1);
    }
    this.id = id;
    return this;
  }

  public Badge code(String code) {
    if (!Objects.equals(this.code, code)) {
      ergokv$markDirty(0);
    }
    this.code = code;
    return this;
  }

  public Badge label(String label) {
    if (!Objects.equals(this.label, label)) {
      ergokv$markDirty(2);
    }
    this.label = label;
    return this;
  }

  public Badge tags(List<String> tags) {
    if (this.tags != tags) {
      ergokv$markDirty(3);
    }
    this.tags = tags;
    return this;
  }

  public Badge team(String team) {
    if (!Objects.equals(this.team, team)) {
      ergokv$markDirty(4);
    }
    this.team = team;
    return this;
  }

  @Override
  public Object ergokv$read(int slot) {
    slotReads++;
    switch (slot) {
      case 0:
        return code;
      case 1:
        return id;
      case 2:
        return label;
      case 3:
        return tags;
      case 4:
        return team;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void ergokv$write(int slot, Object value) {
    switch (slot) {
      case 0:
        code = (String) value;
        break;
      case 1:
        id = (Long) value;
        break;
      case 2:
        label = (String) value;
        break;
      case 3:
        tags = (List<String>) value;
        break;
      case 4:
        team = (String) value;
        break;
      default:
        throw Tracking.noSuchSlot(this, slot);
    }
  }

  @Override
  public boolean ergokv$hasDirty() {
    dirtyChecks++;
    return super.ergokv$hasDirty();
  }

  @Override
  public String toString() {
    return "Badge[" + id + ", " + code + ", " + team + ", " + label + ", " + tags + "]";
  }
}
