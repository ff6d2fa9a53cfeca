package dev.ergokv.enhance;

/** A wrapper that reports in-place changes of a collection or map to the slot holding it. */
interface Tracked {

  SlotRef ref();

  Object delegate();
}
