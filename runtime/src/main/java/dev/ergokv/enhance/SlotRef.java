package dev.ergokv.enhance;

/** The slot of one entity instance that a tracked wrapper and all its views report to. */
final class SlotRef {

  private final EnhancedEntity owner;
  private final int slot;

  SlotRef(EnhancedEntity owner, int slot) {
    this.owner = owner;
    this.slot = slot;
  }

  void changed() {
    owner.ergokv$markDirty(slot);
  }

  boolean is(EnhancedEntity owner, int slot) {
    return this.owner == owner && this.slot == slot;
  }
}
