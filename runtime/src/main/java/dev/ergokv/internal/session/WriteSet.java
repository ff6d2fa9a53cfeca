package dev.ergokv.internal.session;

import dev.ergokv.internal.meta.IndexModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The net write of every key a transaction changes, kept by the session and handed to the engine
 * only at commit, one mutation per key.
 *
 * <p>Entity keys get their write straight from the entity's state. Index keys are derived from
 * claims and releases: an entity whose current state has an index key its stored state lacks
 * claims it; one whose stored state has a key its current state lacks releases it. Deriving the
 * write from both sides, rather than replaying deletes and inserts in the order they happened,
 * keeps a key right when several entities touch it in one transaction (two users swapping
 * usernames; a value given up and taken back), and never turns an insert that was taken back into
 * a delete of someone else's entry.
 */
final class WriteSet {

  enum Op {
    PUT,
    /** Write a key that must not exist at commit. */
    INSERT,
    DELETE,
    /** No change, but a conflict if another transaction changes the key. */
    LOCK
  }

  /** The write of one key. */
  static final class Write {
    final byte[] key;
    Op op;
    byte[] value;
    /** For entity keys: the entity. */
    Managed<?> entity;
    /** For index keys: the index, the entities claiming the key, how many released it. */
    IndexModel index;
    List<Managed<?>> claimants;
    List<byte[]> claimValues;
    int releases;

    Write(byte[] key) {
      this.key = key;
    }

    boolean isIndex() {
      return index != null;
    }

    /** Whether the key holds a value after this write (as far as this transaction knows). */
    boolean writesValue() {
      return op == Op.PUT || op == Op.INSERT;
    }
  }

  private final TreeMap<byte[], Write> writes = new TreeMap<>(Arrays::compareUnsigned);

  /** Sets the write of an entity key; a null op means the key is not written. */
  void entity(Managed<?> entity, Op op, byte[] value) {
    if (op == null) {
      writes.remove(entity.keyBytes);
      return;
    }
    Write write = writes.computeIfAbsent(entity.keyBytes, Write::new);
    write.entity = entity;
    write.op = op;
    write.value = value;
  }

  /** {@code claimant} wants {@code key} of {@code index} to hold {@code value}. */
  void claim(byte[] key, IndexModel index, Managed<?> claimant, byte[] value) {
    Write write = indexWrite(key, index);
    write.claimants.add(claimant);
    write.claimValues.add(value);
    settle(write);
  }

  /** Takes back a claim of {@code claimant}. */
  void unclaim(byte[] key, Managed<?> claimant) {
    Write write = writes.get(key);
    int at = indexOf(write.claimants, claimant);
    write.claimants.remove(at);
    write.claimValues.remove(at);
    settle(write);
  }

  /** An entity whose stored state has {@code key} no longer has it. */
  void release(byte[] key, IndexModel index) {
    Write write = indexWrite(key, index);
    write.releases++;
    settle(write);
  }

  /** Takes back a release. */
  void unrelease(byte[] key) {
    Write write = writes.get(key);
    write.releases--;
    settle(write);
  }

  /** The write of {@code key}, or null when this transaction does not write it. */
  Write get(byte[] key) {
    return writes.get(key);
  }

  /** The writes of keys from {@code from} (inclusive) to {@code to} (exclusive), in key order. */
  NavigableMap<byte[], Write> range(byte[] from, byte[] to) {
    return writes.subMap(from, true, to, false);
  }

  /** Every write, in key order. */
  Iterable<Write> all() {
    return writes.values();
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }

  /** The first index key two entities of this transaction claim, or null. */
  Write doubleClaim() {
    for (Map.Entry<byte[], Write> entry : writes.entrySet()) {
      Write write = entry.getValue();
      if (write.isIndex() && write.claimants.size() > 1) {
        return write;
      }
    }
    return null;
  }

  private Write indexWrite(byte[] key, IndexModel index) {
    Write write = writes.computeIfAbsent(key, Write::new);
    if (write.index == null) {
      write.index = index;
      write.claimants = new ArrayList<>(1);
      write.claimValues = new ArrayList<>(1);
    }
    return write;
  }

  private void settle(Write write) {
    if (write.claimants.isEmpty()) {
      if (write.releases > 0) {
        write.op = Op.DELETE;
        write.value = null;
      } else {
        writes.remove(write.key);
      }
      return;
    }
    write.value = write.claimValues.get(0);
    // A key some entity gives up existed at the snapshot: overwrite it. Otherwise a unique key
    // must be new, so a concurrent or existing owner fails the commit instead of being replaced.
    write.op = write.releases > 0 || !write.index.isUnique() ? Op.PUT : Op.INSERT;
  }

  private static int indexOf(List<Managed<?>> list, Managed<?> element) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == element) {
        return i;
      }
    }
    throw new IllegalStateException("no claim of " + element);
  }
}
