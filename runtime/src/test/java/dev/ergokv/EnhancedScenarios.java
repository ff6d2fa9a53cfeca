package dev.ergokv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.entities.enhanced.Badge;
import dev.ergokv.entities.enhanced.Memo;
import dev.ergokv.entities.enhanced.Profile;
import dev.ergokv.enhance.Tracking;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.testing.CountingEngine;
import dev.ergokv.testing.CountingEngine.Mutation;
import dev.ergokv.testing.CountingEngine.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enhanced entities through the whole entity layer: a commit writes exactly the entities whose
 * dirty set (or compared-at-flush content) changed, and their changed index entries; clean
 * instances are never encoded. The entity classes are written by hand in the enhancer's shape
 * ({@link Badge}, {@link Profile}); the engine is wrapped to record every mutation, and strict
 * enhancement is on, so an entity taken for un-enhanced would fail instead of passing slowly.
 */
abstract class EnhancedScenarios {

  private static final AtomicInteger KEYSPACES = new AtomicInteger();

  abstract Backend backend();

  private CountingEngine engine;
  private ErgoKv kv;

  @BeforeEach
  void open() {
    engine = new CountingEngine(backend().engine());
    kv =
        ErgoKv.builder()
            .keyspace("enhanced-" + KEYSPACES.incrementAndGet() + "-" + System.nanoTime())
            .strictEnhancement(true)
            .buildOn(engine, false);
  }

  @AfterEach
  void close() {
    kv.close();
  }

  private ModelKeys<Badge> badgeKeys() {
    return KeySpace.of(kv.keyspace()).keys(EntityModels.of(Badge.class));
  }

  private Mutation entity(Class<?> type, long id) {
    EntityModel<?> model = EntityModels.of(type);
    return Mutation.of(Op.PUT, KeySpace.of(kv.keyspace()).keys(model).entityKey(id));
  }

  private Mutation teamEntry(Op op, String team, long id) {
    ModelKeys<Badge> keys = badgeKeys();
    return Mutation.of(op, keys.indexEntryKey(keys.model().index("team"), team, id));
  }

  private void insertBadges(int count) {
    kv.transact(
        tx -> {
          for (long id = 0; id < count; id++) {
            tx.insert(new Badge(id, "code-" + id, "team-" + (id % 10), "badge " + id));
          }
        });
    engine.clear();
  }

  private void insertProfiles(int count) {
    kv.transact(
        tx -> {
          for (long id = 0; id < count; id++) {
            tx.insert(new Profile(id, "profile " + id, new byte[] {1, 2, 3}));
          }
        });
    engine.clear();
  }

  private Badge storedBadge(long id) {
    return kv.read((ReadTransaction tx) -> tx.load(Badge.class, id)).orElseThrow();
  }

  @Test
  void aChangeThroughASetterWritesOnlyThatEntity() {
    insertBadges(3);

    kv.transact(
        tx -> {
          tx.loadAll(Badge.class, List.of(0L, 1L, 2L)).get(1L).label("renamed");
        });

    assertThat(engine.lastCommit()).containsExactly(entity(Badge.class, 1));
    assertThat(storedBadge(1).label()).isEqualTo("renamed");
    assertThat(storedBadge(0).label()).isEqualTo("badge 0");
  }

  @Test
  void oneChangeAmongAThousandLoadedWritesOneEntityAndItsChangedIndexEntry() {
    insertBadges(1000);
    AtomicReference<List<Badge>> loaded = new AtomicReference<>();

    kv.transact(
        tx -> {
          List<Badge> all = tx.all(Badge.class).toList();
          all.forEach(badge -> badge.slotReads = 0);
          all.get(500).team("moved");
          loaded.set(all);
        });

    assertThat(engine.lastCommit())
        .containsExactlyInAnyOrder(
            entity(Badge.class, 500),
            teamEntry(Op.DELETE, "team-0", 500),
            teamEntry(Op.PUT, "moved", 500));
    assertThat(loaded.get()).hasSize(1000);
    assertThat(loaded.get())
        .filteredOn(badge -> badge.id() != 500)
        .as("clean instances read (encoded) at commit")
        .allSatisfy(badge -> assertThat(badge.slotReads).isZero());
    assertThat(storedBadge(500).team()).isEqualTo("moved");
    assertThat(Consistency.problems(backend().engine(), kv.keyspace(), Badge.class)).isEmpty();
  }

  @Test
  void cleanInstancesAreNotEncodedBeforeQueriesOfAWriteTransaction() {
    insertBadges(200);
    AtomicReference<List<Badge>> loaded = new AtomicReference<>();

    kv.transact(
        tx -> {
          List<Badge> all = tx.all(Badge.class).toList();
          all.forEach(badge -> badge.slotReads = 0);
          for (int i = 0; i < 3; i++) {
            assertThat(tx.count(Badge.class)).isEqualTo(200);
            assertThat(tx.query(Badge.class, "team").equalTo("team-3").count()).isEqualTo(20);
          }
          loaded.set(all);
        });

    assertThat(loaded.get()).allSatisfy(badge -> assertThat(badge.slotReads).isZero());
    assertThat(engine.lastCommit()).isEmpty();
  }

  @Test
  void flushesAskOnlyTheInstancesThatReportedAChange() {
    insertBadges(1000);
    AtomicReference<List<Badge>> loaded = new AtomicReference<>();

    kv.transact(
        tx -> {
          List<Badge> all = tx.all(Badge.class).toList();
          all.forEach(badge -> badge.dirtyChecks = 0);
          all.get(7).label("seven");
          assertThat(tx.count(Badge.class)).isEqualTo(1000); // a flush
          all.get(700).label("seven hundred");
          loaded.set(all);
        });

    assertThat(engine.lastCommit())
        .containsExactlyInAnyOrder(entity(Badge.class, 7), entity(Badge.class, 700));
    assertThat(loaded.get())
        .filteredOn(badge -> badge.id() != 7 && badge.id() != 700)
        .as("clean instances asked whether they changed, at a flush")
        .allSatisfy(badge -> assertThat(badge.dirtyChecks).isZero());
  }

  @Test
  void changesMadeFromManyThreadsAreAllWritten() {
    insertBadges(2000);

    kv.transact(
        tx -> {
          tx.all(Badge.class).toList().parallelStream().forEach(b -> b.label("parallel " + b.id()));
        });

    assertThat(engine.lastCommit()).hasSize(2000);
    assertThat(kv.read((ReadTransaction tx) -> tx.all(Badge.class).toList()))
        .allSatisfy(b -> assertThat(b.label()).isEqualTo("parallel " + b.id()));
  }

  @Test
  void anInstanceSavedInTheTransactionIsWrittenWhenChangedAfterwards() {
    insertBadges(2);

    kv.transact(
        tx -> {
          Badge fresh = tx.insert(new Badge(10L, "code-10", "team-1", "new"));
          Badge replacement = tx.save(new Badge(1L, "code-1", "team-1", "replaced"));
          Badge loaded = tx.load(Badge.class, 0L).orElseThrow();
          Badge other = new Badge(0L, "code-0", "team-0", "other instance");
          tx.save(other); // the transaction now holds `other` for key 0, not `loaded`
          assertThat(tx.count(Badge.class)).isEqualTo(3); // a flush: all three written
          fresh.label("new, changed");
          replacement.label("replaced, changed");
          loaded.label("ignored: no longer this transaction's instance");
          other.label("other, changed");
        });

    assertThat(storedBadge(10).label()).isEqualTo("new, changed");
    assertThat(storedBadge(1).label()).isEqualTo("replaced, changed");
    assertThat(storedBadge(0).label()).isEqualTo("other, changed");
  }

  @Test
  void anInstanceKeptAfterItsTransactionIsWrittenOnlyWhenSavedAgain() {
    insertBadges(2);
    Badge kept = kv.transactResult(tx -> tx.load(Badge.class, 1L).orElseThrow());

    kept.label("changed after its transaction");
    kv.transact(tx -> tx.load(Badge.class, 0L).orElseThrow().label("zero"));
    assertThat(engine.lastCommit()).containsExactly(entity(Badge.class, 0));
    assertThat(storedBadge(1).label()).isEqualTo("badge 1");

    kv.transact(tx -> tx.save(kept));
    assertThat(storedBadge(1).label()).isEqualTo("changed after its transaction");
    kv.transact(
        tx -> {
          tx.save(kept);
          kept.label("changed after save");
        });
    assertThat(storedBadge(1).label()).isEqualTo("changed after save");
  }

  @Test
  void aQueryOfAWriteTransactionSeesChangesMadeThroughSetters() {
    insertBadges(20);

    kv.transact(
        tx -> {
          tx.load(Badge.class, 3L).orElseThrow().team("moved");
          assertThat(tx.find(Badge.class, "team", "moved").map(Badge::id)).containsExactly(3L);
          // Marks are forgotten at that flush; a later change is flushed again at commit.
          tx.load(Badge.class, 3L).orElseThrow().team("moved again");
        });

    assertThat(storedBadge(3).team()).isEqualTo("moved again");
    assertThat(Consistency.problems(backend().engine(), kv.keyspace(), Badge.class)).isEmpty();
  }

  @Test
  void aValueChangedAndChangedBackWritesNothing() {
    insertBadges(2);

    kv.transact(
        tx -> {
          Badge badge = tx.load(Badge.class, 1L).orElseThrow();
          badge.label("other").label("badge 1");
        });

    assertThat(engine.lastCommit()).isEmpty();
  }

  @Test
  void collectionsChangedInPlaceAreFlushed() {
    insertBadges(3);

    kv.transact(
        tx -> {
          Badge badge = tx.load(Badge.class, 1L).orElseThrow();
          assertThat(Tracking.isTracked(badge.tags(), badge, 3)).as("wrapped at load").isTrue();
          badge.tags().add("gold");
          badge.tags().add("silver");
        });
    assertThat(engine.lastCommit()).containsExactly(entity(Badge.class, 1));
    assertThat(storedBadge(1).tags()).containsExactly("gold", "silver");

    kv.transact(
        tx -> {
          Iterator<String> tags = tx.load(Badge.class, 1L).orElseThrow().tags().iterator();
          tags.next();
          tags.remove();
        });
    assertThat(engine.lastCommit()).containsExactly(entity(Badge.class, 1));
    assertThat(storedBadge(1).tags()).containsExactly("silver");
  }

  @Test
  void anAssignedCollectionIsTrackedInPlaceAfterTheFlushThatWroteIt() {
    insertBadges(3);

    kv.transact(
        tx -> {
          Badge badge = tx.load(Badge.class, 2L).orElseThrow();
          badge.tags(new ArrayList<>(List.of("a")));
          assertThat(tx.count(Badge.class)).isEqualTo(3); // flushes, then wraps the new list
          badge.tags().add("b");
        });

    assertThat(storedBadge(2).tags()).containsExactly("a", "b");
  }

  @Test
  void aFieldComparedAtFlushIsWrittenWhenChangedInPlace() {
    insertProfiles(10);

    kv.transact(
        tx -> {
          List<Profile> all = tx.all(Profile.class).toList();
          assertThat(all).hasSize(10);
          all.get(4).avatar()[0] = 9; // no field write: no dirty mark
        });

    assertThat(engine.lastCommit()).containsExactly(entity(Profile.class, 4));
    Profile stored = kv.read((ReadTransaction tx) -> tx.load(Profile.class, 4L)).orElseThrow();
    assertThat(stored.avatar()).containsExactly(9, 2, 3);
  }

  @Test
  void onlyTheFieldsComparedAtFlushAreEncodedToCheckACleanInstance() {
    insertProfiles(50);
    AtomicReference<List<Profile>> loaded = new AtomicReference<>();
    AtomicReference<int[][]> afterLoad = new AtomicReference<>();

    kv.transact(
        tx -> {
          List<Profile> all = tx.all(Profile.class).toList();
          afterLoad.set(all.stream().map(p -> p.readsBySlot.clone()).toArray(int[][]::new));
          for (int i = 0; i < 3; i++) {
            assertThat(tx.count(Profile.class)).isEqualTo(50); // a flush each
          }
          loaded.set(all);
        });

    assertThat(engine.lastCommit()).isEmpty();
    List<Profile> all = loaded.get();
    for (int i = 0; i < all.size(); i++) {
      int[] before = afterLoad.get()[i];
      int[] after = all.get(i).readsBySlot;
      assertThat(before)
          .as("reads at load: the key, and each compared field once")
          .containsExactly(1, 1, 1, 0, 1);
      int[] flushReads = new int[after.length];
      Arrays.setAll(flushReads, slot -> after[slot] - before[slot]);
      assertThat(flushReads)
          .as("reads at three flushes and the commit: the compared fields only")
          .containsExactly(4, 0, 4, 0, 4);
    }
  }

  @Test
  void aReadOnlyTransactionTakesNothingToCompare() {
    insertProfiles(3);

    Profile profile = kv.read((ReadTransaction tx) -> tx.load(Profile.class, 1L)).orElseThrow();

    assertThat(profile.readsBySlot)
        .as("only the key, read to identify it")
        .containsExactly(0, 1, 0, 0, 0);
  }

  @Test
  void everyKindOfComparedFieldIsWrittenWhenChangedUnseen() {
    insertProfiles(5);

    kv.transact(
        tx -> {
          List<Profile> all = tx.all(Profile.class).toList();
          all.get(1).motto = "assigned from outside"; // no setter: no mark
          all.get(2).spot().x = 5; // in place: no mark
          all.get(3).motto = new String(""); // an equal value: nothing to write
        });

    assertThat(engine.lastCommit())
        .containsExactlyInAnyOrder(entity(Profile.class, 1), entity(Profile.class, 2));
    kv.read(
        (ReadTransaction tx) -> {
          assertThat(tx.load(Profile.class, 1L).orElseThrow().motto)
              .isEqualTo("assigned from outside");
          assertThat(tx.load(Profile.class, 2L).orElseThrow().spot().x).isEqualTo(5);
          return null;
        });
  }

  @Test
  void aComparedFieldChangedAgainAfterAFlushIsWrittenAgain() {
    insertProfiles(3);

    kv.transact(
        tx -> {
          Profile profile = tx.load(Profile.class, 1L).orElseThrow();
          profile.avatar()[1] = 7;
          assertThat(tx.count(Profile.class)).isEqualTo(3); // flushes the change
          profile.avatar()[2] = 8; // compared with what that flush wrote
        });

    assertThat(engine.lastCommit()).containsExactly(entity(Profile.class, 1));
    Profile stored = kv.read((ReadTransaction tx) -> tx.load(Profile.class, 1L)).orElseThrow();
    assertThat(stored.avatar()).containsExactly(1, 7, 8);
  }

  @Test
  void theKeyOfAnEnhancedEntityCannotChange() {
    insertBadges(2);

    assertThatThrownBy(() -> kv.transact(tx -> tx.load(Badge.class, 1L).orElseThrow().id(7)))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("Keys identify entities");
    assertThat(kv.read((ReadTransaction tx) -> tx.exists(Badge.class, 7L))).isFalse();
  }

  @Test
  void anInstanceWhoseKeyWasChangedIsRefusedAlsoWhenSavedUnderItsNewKey() {
    insertBadges(2);

    // Saved under key 7, the instance is flushed (made clean) by that key's entry; the entry of
    // key 1, which holds it too, was told of the change and must still refuse it, as for an
    // un-enhanced class. Else the transaction showed one instance under two keys and committed
    // a copy beside the unchanged original.
    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      Badge badge = tx.load(Badge.class, 1L).orElseThrow();
                      tx.save(badge.id(7).code("fresh"));
                      tx.all(Badge.class).toList();
                    }))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("changed from 1 to 7")
        .hasMessageContaining("Keys identify entities");
    assertThat(kv.read((ReadTransaction tx) -> tx.exists(Badge.class, 7L))).isFalse();
    assertThat(storedBadge(1).code()).isEqualTo("code-1");

    // The same for a class with fields compared at flush, whose entries are visited anyway.
    insertProfiles(2);
    assertThatThrownBy(
            () ->
                kv.transact(
                    tx -> {
                      tx.save(tx.load(Profile.class, 1L).orElseThrow().id(7));
                      tx.all(Profile.class).toList();
                    }))
        .isInstanceOf(ErgoKvException.class)
        .hasMessageContaining("changed from 1 to 7");
    assertThat(kv.read((ReadTransaction tx) -> tx.exists(Profile.class, 7L))).isFalse();
  }

  @Test
  void aFlushThatFailsForgetsNoOtherChange() {
    insertBadges(3);

    kv.transact(
        tx -> {
          List<Badge> all = tx.all(Badge.class).toList();
          all.get(0).label("zero");
          all.get(1).id(7); // a flush refuses this one...
          all.get(2).label("two"); // ...reported after it
          assertThatThrownBy(() -> tx.count(Badge.class))
              .isInstanceOf(ErgoKvException.class)
              .hasMessageContaining("Keys identify entities");
          all.get(1).id(1L); // put right; the transaction goes on
        });

    assertThat(storedBadge(0).label()).isEqualTo("zero");
    assertThat(storedBadge(2).label()).isEqualTo("two");
  }

  @Test
  void anInstanceWhoseSaveFailedIsFlushedOnceItIsPutRight() {
    kv.transact(
        tx -> {
          Memo memo = new Memo(1L);
          memo.notes().put(null, "no key");
          assertThatThrownBy(() -> tx.insert(memo)).hasMessageContaining("null key");
          memo.notes().remove(null); // put right; the transaction goes on
          memo.notes().put("k", "v");
        });

    assertThat(kv.read((ReadTransaction tx) -> tx.load(Memo.class, 1L)))
        .map(Memo::notes)
        .contains(java.util.Map.of("k", "v"));
  }

  @Test
  void aListChangedThroughAReferenceKeptFromBeforeAFlushIsSaved() {
    List<String> kept = new ArrayList<>(List.of("first"));
    List<String> assigned = new ArrayList<>();
    insertBadges(1);

    kv.transact(
        tx -> {
          tx.save(new Badge(5L, "code-5", "team-5", "five").tags(kept)); // save flushes it
          kept.add("after save");
          tx.load(Badge.class, 0L).orElseThrow().tags(assigned);
          assertThat(tx.count(Badge.class)).isEqualTo(2); // a flush: both lists wrapped now
          kept.add("after a query");
          assigned.add("assigned, then changed");
        });

    assertThat(storedBadge(5).tags()).containsExactly("first", "after save", "after a query");
    assertThat(storedBadge(0).tags()).containsExactly("assigned, then changed");
    // In a later transaction the loaded list is the runtime's own: changes through it are seen.
    kv.transact(tx -> tx.load(Badge.class, 5L).orElseThrow().tags().add("in place"));
    assertThat(storedBadge(5).tags()).endsWith("in place");
  }
}
