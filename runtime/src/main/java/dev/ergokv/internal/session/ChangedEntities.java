package dev.ergokv.internal.session;

import java.util.ArrayList;

/**
 * The entities of one transaction that reported a change (through their {@link Managed}, the
 * {@code ChangeListener} of an enhanced instance) since its last flush. An instance keeps its
 * listener after the transaction ends, so this is all it reaches then: closing empties it and
 * makes later reports no-ops, and a kept entity holds on to nothing else of the transaction.
 */
final class ChangedEntities {

  private ArrayList<Managed<?>> reported = new ArrayList<>();
  private boolean closed;

  void add(Managed<?> managed) {
    if (!closed) {
      reported.add(managed);
    }
  }

  boolean isEmpty() {
    return reported.isEmpty();
  }

  /** The entities reported so far, forgotten here: a flush of them may report again. */
  ArrayList<Managed<?>> drain() {
    ArrayList<Managed<?>> drained = reported;
    reported = new ArrayList<>();
    return drained;
  }

  void close() {
    closed = true;
    reported = new ArrayList<>(0);
  }
}
