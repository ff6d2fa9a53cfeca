package dev.ergokv.internal.migrate;

import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.migrate.UniqueCollision;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of entity values with exact index maintenance, in one transaction: for each
 * entity, the index keys of its stored pre-image (of whatever version wrote it) that the new value
 * no longer has are deleted, and the new value's keys it did not have are written. Used by eager
 * migrations and by restores.
 *
 * <p>A unique key is never overwritten. Before writing, every unique key the batch claims is read
 * (one batch get); an entity whose claimed value belongs to another entity — stored, or claimed
 * earlier in the same batch — is left out of the batch entirely (its old value and entries stay)
 * and reported as a {@link UniqueCollision}. Leaving one entity out can take back a release
 * another entity relied on (two entities swapping values), so the check repeats until it is
 * stable. Claimed unique keys are written with {@code insert} unless released in the batch, so a
 * concurrent writer that takes the value before the commit makes the commit fail instead of being
 * overwritten.
 */
public final class RewriteBatch {

  /**
   * One entity to write.
   *
   * @param entityKey the full entity key
   * @param ownerComponent the entity's key component (what its unique keys hold)
   * @param value the value to store
   * @param before the index keys of the value stored now (none when absent)
   * @param after the index keys of {@code value}
   * @param describedKey the entity's key as text, for reports
   */
  public record Change(
      byte[] entityKey,
      byte[] ownerComponent,
      byte[] value,
      List<IndexKey> before,
      List<IndexKey> after,
      String describedKey) {}

  /**
   * What a batch wrote (buffered in the transaction) and what it left out.
   *
   * @param written the changes buffered, in the order given
   * @param collisions the changes left out, each with the collision that excluded it
   */
  public record Outcome(List<Change> written, Map<Change, UniqueCollision> collisions) {}

  private RewriteBatch() {}

  /** Buffers the writes of {@code changes} in {@code tx}; commit is the caller's. */
  public static Outcome apply(KvTransaction tx, String model, List<Change> changes) {
    Map<Change, UniqueCollision> collisions = new IdentityHashMap<>();
    Map<ByteBuffer, byte[]> snapshot = new HashMap<>();
    Plan plan;
    while (true) {
      plan = new Plan(changes, collisions);
      readUnread(tx, plan, snapshot);
      if (!plan.findCollisions(model, snapshot, collisions)) {
        break;
      }
    }
    List<Change> written = new ArrayList<>();
    for (Change change : changes) {
      if (!collisions.containsKey(change)) {
        tx.put(change.entityKey(), change.value());
        written.add(change);
      }
    }
    for (Map.Entry<ByteBuffer, IndexKey> release : plan.releases.entrySet()) {
      if (!plan.claims.containsKey(release.getKey())) {
        tx.delete(release.getValue().key());
      }
    }
    for (Map.Entry<ByteBuffer, List<Claim>> entry : plan.claims.entrySet()) {
      IndexKey key = entry.getValue().get(0).key;
      boolean mayExist = plan.releases.containsKey(entry.getKey()) || snapshot.get(entry.getKey()) != null;
      if (key.isUnique() && !mayExist) {
        tx.insert(key.key(), key.value());
      } else {
        tx.put(key.key(), key.value());
      }
    }
    Map<Change, UniqueCollision> ordered = new LinkedHashMap<>();
    for (Change change : changes) {
      if (collisions.containsKey(change)) {
        ordered.put(change, collisions.get(change));
      }
    }
    return new Outcome(written, ordered);
  }

  private static void readUnread(KvTransaction tx, Plan plan, Map<ByteBuffer, byte[]> snapshot) {
    List<byte[]> toRead = new ArrayList<>();
    for (Map.Entry<ByteBuffer, List<Claim>> entry : plan.claims.entrySet()) {
      if (entry.getValue().get(0).key.isUnique()
          && !plan.releases.containsKey(entry.getKey())
          && !snapshot.containsKey(entry.getKey())) {
        toRead.add(entry.getValue().get(0).key.key());
      }
    }
    if (toRead.isEmpty()) {
      return;
    }
    Map<byte[], byte[]> found = tx.batchGet(toRead);
    for (byte[] key : toRead) {
      snapshot.put(ByteBuffer.wrap(key), found.get(key));
    }
  }

  private record Claim(Change change, IndexKey key) {}

  /** The net index changes of the changes not (yet) excluded. */
  private static final class Plan {
    final Map<ByteBuffer, IndexKey> releases = new LinkedHashMap<>();
    final Map<ByteBuffer, List<Claim>> claims = new LinkedHashMap<>();

    Plan(List<Change> changes, Map<Change, UniqueCollision> excluded) {
      for (Change change : changes) {
        if (excluded.containsKey(change)) {
          continue;
        }
        Set<ByteBuffer> before = keysOf(change.before());
        Set<ByteBuffer> after = keysOf(change.after());
        for (IndexKey key : change.before()) {
          if (!after.contains(ByteBuffer.wrap(key.key()))) {
            releases.put(ByteBuffer.wrap(key.key()), key);
          }
        }
        for (IndexKey key : change.after()) {
          ByteBuffer id = ByteBuffer.wrap(key.key());
          if (!before.contains(id)) {
            claims.computeIfAbsent(id, k -> new ArrayList<>(1)).add(new Claim(change, key));
          } else if (!Arrays.equals(valueOf(change.before(), id), key.value())) {
            // Same key, other content (a unique key re-pointed): rewrite it in place.
            claims.computeIfAbsent(id, k -> new ArrayList<>(1)).add(new Claim(change, key));
            releases.put(id, key);
          }
        }
      }
    }

    /** Excludes the entities whose unique claims collide; true when any was excluded. */
    boolean findCollisions(
        String model, Map<ByteBuffer, byte[]> snapshot, Map<Change, UniqueCollision> excluded) {
      boolean any = false;
      for (Map.Entry<ByteBuffer, List<Claim>> entry : claims.entrySet()) {
        List<Claim> claimants = entry.getValue();
        IndexKey key = claimants.get(0).key;
        if (!key.isUnique()) {
          continue;
        }
        byte[] owner = releases.containsKey(entry.getKey()) ? null : snapshot.get(entry.getKey());
        int first = 0;
        if (owner != null && !Arrays.equals(owner, claimants.get(0).change.ownerComponent())) {
          first = -1; // the stored owner keeps it: every claimant collides
        } else if (owner == null) {
          owner = claimants.get(0).change.ownerComponent();
        }
        for (int i = 0; i < claimants.size(); i++) {
          if (i == first) {
            continue;
          }
          Change change = claimants.get(i).change;
          excluded.put(
              change,
              new UniqueCollision(
                  model,
                  key.index().name(),
                  String.valueOf(key.indexedValue()),
                  KeyText.component(owner),
                  change.describedKey()));
          any = true;
        }
      }
      return any;
    }

    private static Set<ByteBuffer> keysOf(List<IndexKey> keys) {
      Set<ByteBuffer> set = new java.util.HashSet<>();
      for (IndexKey key : keys) {
        set.add(ByteBuffer.wrap(key.key()));
      }
      return set;
    }

    private static byte[] valueOf(List<IndexKey> keys, ByteBuffer id) {
      for (IndexKey key : keys) {
        if (ByteBuffer.wrap(key.key()).equals(id)) {
          return key.value();
        }
      }
      return null;
    }
  }
}
