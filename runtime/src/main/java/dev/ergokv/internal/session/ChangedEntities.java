package dev.ergokv.internal.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The entities of one transaction that reported a change (through their {@link Managed}, the
 * {@code ChangeListener} of an enhanced instance) since its last flush. An instance keeps its
 * listener after the transaction ends, so this is all it reaches then: closing empties it and
 * makes later reports no-ops, and a kept entity holds on to nothing else of the transaction.
 *
 * <p>Synchronized: an application may change the entities of one transaction from several
 * threads (a parallel stream over what it loaded), and a lost report would be a lost write. Each
 * instance reports once per flush at most, so the lock is taken once per changed entity.
 */
final class ChangedEntities {

  private ArrayList<Managed<?>> reported = new ArrayList<>();
  private boolean closed;

  synchronized void add(Managed<?> managed) {
    if (!closed) {
      reported.add(managed);
    }
  }

  /** Puts back entries a failed flush did not get to. */
  synchronized void addAll(List<Managed<?>> entries) {
    if (!closed) {
      reported.addAll(entries);
    }
  }

  synchronized boolean isEmpty() {
    return reported.isEmpty();
  }

  /** The entities reported so far, forgotten here: a flush of them may report again. */
  synchronized ArrayList<Managed<?>> drain() {
    ArrayList<Managed<?>> drained = reported;
    reported = new ArrayList<>();
    return drained;
  }

  synchronized void close() {
    closed = true;
    reported = new ArrayList<>(0);
  }
}
