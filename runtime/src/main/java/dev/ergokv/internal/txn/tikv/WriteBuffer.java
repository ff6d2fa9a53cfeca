package dev.ergokv.internal.txn.tikv;

import dev.ergokv.internal.txn.KeyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tikv.kvproto.Kvrpcpb;

/**
 * A transaction's buffered writes in key order, one per key, as the mutations prewrite will send.
 * Later writes to a key combine with earlier ones so that the mutation keeps every promise made:
 * an insert stays an insert (the key must not exist before this transaction) when a put follows
 * it, and an insert followed by a delete still checks that the key did not exist. Not
 * thread-safe.
 */
final class WriteBuffer {

  /** One buffered write. Immutable. */
  static final class Write {
    final Kvrpcpb.Op op;
    final byte[] value;

    Write(Kvrpcpb.Op op, byte[] value) {
      this.op = op;
      this.value = value;
    }

    /** Whether a read through this transaction sees a value (else: none, or read the snapshot). */
    boolean hasValue() {
      return op == Kvrpcpb.Op.Put || op == Kvrpcpb.Op.Insert;
    }

    /** Whether a read through this transaction must go to the snapshot (a lock-only key). */
    boolean readsThrough() {
      return op == Kvrpcpb.Op.Lock;
    }
  }

  private static final Write LOCK = new Write(Kvrpcpb.Op.Lock, null);
  private static final Write DELETE = new Write(Kvrpcpb.Op.Del, null);
  private static final Write CHECK_NOT_EXISTS = new Write(Kvrpcpb.Op.CheckNotExists, null);

  private final TreeMap<byte[], Write> writes = new TreeMap<>(Keys.ORDER);

  void put(byte[] key, byte[] value) {
    Write before = writes.get(key);
    boolean mustNotExist =
        before != null && (before.op == Kvrpcpb.Op.Insert || before.op == Kvrpcpb.Op.CheckNotExists);
    writes.put(key, new Write(mustNotExist ? Kvrpcpb.Op.Insert : Kvrpcpb.Op.Put, value));
  }

  /**
   * @throws KeyExistsException at once if this transaction already gave the key a value
   */
  void insert(byte[] key, byte[] value) {
    Write before = writes.get(key);
    if (before != null && before.hasValue()) {
      throw new KeyExistsException(key);
    }
    // After this transaction's own delete the key is free, whatever the snapshot holds.
    boolean freed = before != null && before.op == Kvrpcpb.Op.Del;
    writes.put(key, new Write(freed ? Kvrpcpb.Op.Put : Kvrpcpb.Op.Insert, value));
  }

  void delete(byte[] key) {
    Write before = writes.get(key);
    boolean mustNotExist =
        before != null && (before.op == Kvrpcpb.Op.Insert || before.op == Kvrpcpb.Op.CheckNotExists);
    writes.put(key, mustNotExist ? CHECK_NOT_EXISTS : DELETE);
  }

  void lock(byte[] key) {
    writes.putIfAbsent(key, LOCK);
  }

  /** The buffered write of {@code key}, or null. */
  Write get(byte[] key) {
    return writes.get(key);
  }

  /** Buffered writes with {@code from <= key < to} (an empty {@code to}: no upper bound). */
  NavigableMap<byte[], Write> range(byte[] from, byte[] to) {
    if (to.length == 0) {
      return writes.tailMap(from, true);
    }
    if (Keys.ORDER.compare(from, to) >= 0) {
      return new TreeMap<>(Keys.ORDER);
    }
    return writes.subMap(from, true, to, false);
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }

  void clear() {
    writes.clear();
  }

  /** The mutations to prewrite, in key order. */
  List<Kvrpcpb.Mutation> mutations() {
    List<Kvrpcpb.Mutation> out = new ArrayList<>(writes.size());
    for (var e : writes.entrySet()) {
      Write w = e.getValue();
      Kvrpcpb.Mutation.Builder m = Kvrpcpb.Mutation.newBuilder().setOp(w.op).setKey(Keys.wrap(e.getKey()));
      if (w.value != null) {
        m.setValue(Keys.wrap(w.value));
      }
      out.add(m.build());
    }
    return out;
  }
}
