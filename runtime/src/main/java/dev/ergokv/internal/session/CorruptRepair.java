package dev.ergokv.internal.session;

import dev.ergokv.CorruptValueException;
import dev.ergokv.internal.keys.KeyNames;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.migrate.IndexKey;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair path for an entity whose stored value does not decode, taken when it is deleted or
 * overwritten. Its index keys cannot be read from the value, so they are found the expensive way:
 * a scan, in the transaction's snapshot, of every index of the model for the entries that point at
 * the entity's key. Only this path pays for it; a value that decodes never gets here.
 *
 * <p>Every such entry is released with the value, so nothing is left stale: a unique value stays
 * reserved only if the new value claims it again. Entries of indexes the current class no longer
 * has (an older schema version's) are not found: run {@code ErgoKv.migrate} first when the corrupt
 * value may be from an older version with other indexes.
 */
final class CorruptRepair {

  private static final Logger LOG = LoggerFactory.getLogger(CorruptRepair.class);

  private CorruptRepair() {}

  /**
   * Gives {@code managed} the index keys its stored value had, found by scanning, in place of
   * those its value would have told.
   */
  static void findStoredIndexKeys(
      KvTransaction kv, int pageSize, Managed<?> managed, CorruptValueException corrupt) {
    ModelContext<?> context = managed.context;
    byte[] ownKey = context.keys.encodeKey(managed.key);
    List<IndexModel> indexes = context.model.indexes();
    byte[][] byPosition = new byte[indexes.size()][];
    List<IndexKey> more = new ArrayList<>();
    long scanned = 0;
    for (IndexModel index : indexes) {
      KeyRange range = context.keys.range(index);
      try (KvScan scan = kv.scan(range.start(), range.end(), pageSize, Long.MAX_VALUE)) {
        while (scan.hasNext()) {
          Map.Entry<byte[], byte[]> entry = scan.next();
          scanned++;
          if (!pointsAt(context, index, entry, ownKey)) {
            continue;
          }
          if (byPosition[index.position()] == null) {
            byPosition[index.position()] = entry.getKey();
          } else {
            // A stale extra (a value changed by something other than ErgoKV): it goes too.
            more.add(new IndexKey(context.keys, index, entry.getKey(), entry.getValue()));
          }
        }
      }
    }
    LOG.warn(
        "The stored value of {} does not decode ({}); its index entries were found by a scan of"
            + " {} index keys of model '{}' and are replaced along with the value",
        KeyNames.entity(context.model, managed.key),
        corrupt.getMessage(),
        scanned,
        context.model.name());
    managed.repaired(byPosition, more);
  }

  private static boolean pointsAt(
      ModelContext<?> context, IndexModel index, Map.Entry<byte[], byte[]> entry, byte[] ownKey) {
    Object owner;
    try {
      owner = context.keyOfIndexEntry(index, entry.getKey(), entry.getValue());
    } catch (CorruptValueException e) {
      // An entry that does not parse names no key, so it cannot be this entity's; it is left to
      // whoever looks at that entry (queries report it).
      return false;
    }
    return Arrays.equals(context.keys.encodeKey(owner), ownKey);
  }
}
