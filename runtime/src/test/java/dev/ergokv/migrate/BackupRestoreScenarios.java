package dev.ergokv.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.Backend;
import dev.ergokv.ErgoKv;
import dev.ergokv.ErgoKvException;
import dev.ergokv.ReadTransaction;
import dev.ergokv.TestKv;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import dev.ergokv.backup.BackupFormatException;
import dev.ergokv.backup.BackupResult;
import dev.ergokv.backup.RestoreFailedException;
import dev.ergokv.backup.RestoreResult;
import dev.ergokv.backup.RestoreResult.RestoredModel;
import dev.ergokv.entities.User;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore: exact round trips (values AND index entries), the checks that refuse a
 * backup before anything is written, idempotence, clearing first, unique collisions, file names.
 */
abstract class BackupRestoreScenarios {

  abstract Backend backend();

  @TempDir Path temp;

  /** Person at versions 1, 2 and 3, and User, with unique and non-unique indexes. */
  private List<Person> seed(ErgoKv kv, int people, int users) {
    List<Person> expected = People.seed(kv, people / 3, people / 3, people - 2 * (people / 3));
    kv.transact(tx -> {
      for (int i = 1; i <= users; i++) {
        User user = new User(i, "user" + i, "dept" + (i % 4), 20 + i % 50);
        user.nickname(i % 3 == 0 ? "nick" + i : null).email(i + "@example.com");
        user.tags().add("t" + (i % 5));
        tx.insert(user);
      }
    });
    return expected;
  }

  private Map<String, String> state(ErgoKv kv) {
    return RawKeys.relative(backend().engine(), kv.keyspace());
  }

  /** Everything but the migration state (leases), which a restore leaves behind it deleted. */
  private Map<String, String> data(ErgoKv kv) {
    Map<String, String> all = state(kv);
    all.keySet().removeIf(key -> key.startsWith("4d")); // 'M' tag
    return all;
  }

  @Test
  void aRoundTripRestoresTheSameBytesAndIndexEntries() {
    for (boolean gzip : List.of(false, true)) {
      ErgoKv source = backend().open();
      seed(source, 30, 20);
      List<Progress> progress = new CopyOnWriteArrayList<>();

      BackupResult backup = source.backup().gzip(gzip).listener(progress::add).writeTo(temp.resolve("gzip-" + gzip));
      ErgoKv target = backend().open();
      RestoreResult restored =
          target.restore(backup.directory()).entities(Person.class, User.class).listener(progress::add).run();

      assertThat(backup.entities()).containsExactly(Map.entry("Person", 30L), Map.entry("User", 20L));
      assertThat(restored.models())
          .extracting(RestoredModel::model, RestoredModel::entities, RestoredModel::written, RestoredModel::unchanged)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Person", 30L, 30L, 0L),
              org.assertj.core.groups.Tuple.tuple("User", 20L, 20L, 0L));
      // Person: 10 at v1 (entity, login, city), 10 at v2 (+ lastName), 10 at v3 (entity, email,
      // lastName); User: entity, username, dept, age, and a nickname for 6 of 20.
      assertThat(data(target)).isEqualTo(data(source)).hasSize(30 + 40 + 30 + 20 * 4 + 6);
      assertThat(state(target)).as("no lease left behind").isEqualTo(data(target));
      assertThat(target.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "user7")))
          .contains(source.read((ReadTransaction tx) -> tx.load(User.class, 7L)).orElseThrow());
      assertThat(progress).filteredOn(Progress::finished).extracting(Progress::operation)
          .containsExactly("backup", "backup", "restore", "restore");
    }
  }

  @Test
  void theBackupIsReadableNdjsonWithAManifest() throws IOException {
    ErgoKv kv = backend().open();
    seed(kv, 3, 0);

    BackupResult backup = kv.backup().modelNames("Person").writeTo(temp);

    Path file = backup.directory().resolve("0001-Person.ndjson");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"key\":\"108101\",\"version\":1,\"fields\":{\"city\":\"City1\",\"id\":1,\"login\":\"user1\","
                + "\"name\":\"First1 Last1\"}}");
    assertThat(lines.get(2)).contains("\"version\":3", "\"email\":\"user3@example.com\"", "\"visits\":0");
    String manifest = Files.readString(backup.directory().resolve("manifest.json"));
    assertThat(manifest)
        .contains("\"format\" : \"ergokv-backup\"", "\"formatVersion\" : 1", "\"keyspace\" : \"" + kv.keyspace() + "\"")
        .contains("\"snapshotTs\" : " + backup.snapshotTs(), "\"compression\" : \"none\"")
        .contains("\"model\" : \"Person\"", "\"file\" : \"0001-Person.ndjson\"", "\"entities\" : 3")
        .contains("\"1\" : 1", "\"2\" : 1", "\"3\" : 1", "\"sha256\" : \"");
  }

  @Test
  void everyModelIsReadAtTheOneSnapshotOfTheBackup() throws IOException {
    ErgoKv kv = backend().open();
    seed(kv, 3, 3);
    // Between the two models' scans, User changes: the backup must not see it.
    BackupResult backup =
        kv.backup()
            .listener(p -> {
              if (p.finished() && p.model().equals("Person")) {
                kv.transact(tx -> {
                  tx.insert(new User(99, "late", "d", 1));
                  tx.load(User.class, 1L).orElseThrow().username("changed");
                  tx.delete(User.class, 2L);
                });
              }
            })
            .writeTo(temp);

    assertThat(backup.entities()).containsEntry("User", 3L);
    List<String> users = Files.readAllLines(backup.directory().resolve("0002-User.ndjson"));
    assertThat(users).hasSize(3).noneMatch(l -> l.contains("late") || l.contains("changed"));
    assertThat(users.get(1)).contains("\"username\":\"user2\"");
    ErgoKv restored = backend().open();
    restored.restore(backup.directory()).entities(Person.class, User.class).run();
    assertThat(restored.read((ReadTransaction tx) -> tx.load(User.class, 1L)).orElseThrow().username()).isEqualTo("user1");
  }

  @Test
  void theSnapshotIsHeldAgainstGarbageCollectionForTheBackupAndReleasedAfterIt() {
    // On the cluster backend the PD call (UpdateServiceGCSafePoint) really is served.
    RecordingEngine engine = new RecordingEngine(backend().engine());
    try (ErgoKv kv = TestKv.on(engine, "hold-" + System.nanoTime(), b -> b)) {
      People.seed(kv, 2, 0, 1);

      BackupResult backup = kv.backup().writeTo(temp);

      String service = "ergokv-backup-" + backup.snapshotTs();
      assertThat(engine.snapshotHolds)
          .containsExactly(
              service + " " + backup.snapshotTs() + " PT10M",
              service + " " + backup.snapshotTs() + " PT0S");
    }
  }

  @Test
  void gzipFilesAreGzipAndHoldTheSameLines() throws IOException {
    ErgoKv kv = backend().open();
    seed(kv, 6, 4);

    BackupResult plain = kv.backup().writeTo(temp);
    BackupResult gzip = kv.backup().gzip(true).writeTo(temp);

    assertThat(gzip.directory()).isNotEqualTo(plain.directory());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip.directory().resolve("0002-User.ndjson.gz")))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(plain.directory().resolve("0002-User.ndjson")));
    }
  }

  @Test
  void aValueWithANonMinimalVersionHeaderComesBackByteForByte() {
    // The codec reads a version header written in more bytes than needed (0x83 0x00 for 3); the
    // restore must give back those bytes, not the minimal header it would write itself.
    ErgoKv source = backend().open();
    source.transact(tx -> tx.insert(new Person(1, "ann@example.com", "Ann", "Lee", "Oslo")));
    byte[] key = KeySpace.of(source.keyspace()).keys(EntityModels.of(Person.class)).entityKey(1L);
    byte[] minimal = RawKeys.value(backend().engine(), key);
    byte[] padded = new byte[minimal.length + 1];
    padded[0] = minimal[0];
    padded[1] = (byte) (minimal[1] | 0x80);
    padded[2] = 0;
    System.arraycopy(minimal, 2, padded, 3, minimal.length - 2);
    RawKeys.put(backend().engine(), key, padded);
    assertThat(source.read((ReadTransaction tx) -> tx.load(Person.class, 1L))).isPresent();

    BackupResult backup = source.backup().writeTo(temp);
    ErgoKv target = backend().open();
    target.restore(backup.directory()).entities(Person.class).run();

    assertThat(data(target)).isEqualTo(data(source));
  }

  @Test
  void restoringTwiceGivesTheSameStateAndWritesNothingTheSecondTime() {
    ErgoKv source = backend().open();
    seed(source, 9, 9);
    BackupResult backup = source.backup().writeTo(temp);
    ErgoKv target = backend().open();

    target.restore(backup.directory()).entities(Person.class, User.class).run();
    Map<String, String> once = data(target);
    RestoreResult again = target.restore(backup.directory()).entities(Person.class, User.class).run();

    assertThat(data(target)).isEqualTo(once).isEqualTo(data(source));
    assertThat(again.models()).allSatisfy(m -> {
      assertThat(m.written()).isZero();
      assertThat(m.unchanged()).isEqualTo(m.entities());
    });
  }

  @Test
  void clearFirstLeavesExactlyTheBackupWhileAPlainRestoreKeepsOtherEntities() {
    ErgoKv source = backend().open();
    seed(source, 6, 3);
    BackupResult backup = source.backup().writeTo(temp);
    ErgoKv target = backend().open();
    // Entities the backup does not have, and one it has, changed.
    target.transact(tx -> {
      tx.insert(new User(500, "extra", "d", 1));
      tx.insert(new Person(600, "extra@example.com", "E", "X", "Y"));
      tx.insert(new User(2, "renamed", "other", 99));
    });

    target.restore(backup.directory()).entities(Person.class, User.class).run();
    assertThat(target.read((ReadTransaction tx) -> tx.load(User.class, 500L))).isPresent();
    assertThat(target.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "renamed"))).isEmpty();
    assertThat(target.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "user2"))).isPresent();

    RestoreResult cleared =
        target.restore(backup.directory()).entities(Person.class, User.class).clearFirst(true).run();
    assertThat(data(target)).isEqualTo(data(source));
    assertThat(cleared.models()).allSatisfy(m -> assertThat(m.cleared()).isPositive());
  }

  @Test
  void aUniqueValueOwnedByAnotherEntityIsReportedNotOverwritten() {
    ErgoKv source = backend().open();
    seed(source, 0, 5);
    BackupResult backup = source.backup().writeTo(temp);
    ErgoKv target = backend().open();
    target.transact(tx -> tx.insert(new User(77, "user3", "squatter", 1)));

    assertThatThrownBy(() -> target.restore(backup.directory()).entities(User.class).run())
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining("User.username = user3: owned by key 77, so key 3 was not written")
        .satisfies(e -> {
          RestoredModel user = ((RestoreFailedException) e).result().models().get(0);
          assertThat(user.written()).isEqualTo(4);
          assertThat(user.collisionCount()).isEqualTo(1);
        });
    assertThat(target.read((ReadTransaction tx) -> tx.findUnique(User.class, "username", "user3")))
        .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(77));
    assertThat(target.read((ReadTransaction tx) -> tx.load(User.class, 3L))).isEmpty();
  }

  // ------------------------------------------------------------------ checks before writing

  private Path backupOf(ErgoKv source) {
    seed(source, 6, 6);
    return source.backup().writeTo(temp).directory();
  }

  private void assertRefusedBeforeWriting(ErgoKv target, Path directory, String message, Class<?>... classes) {
    assertThatThrownBy(() -> target.restore(directory).entities(classes).run())
        .isInstanceOf(BackupFormatException.class)
        .hasMessageContaining(message);
    assertThat(state(target)).as("nothing written").isEmpty();
  }

  @Test
  void aDirectoryWithoutManifestIsNotABackup() throws IOException {
    Path directory = backupOf(backend().open());
    Files.delete(directory.resolve("manifest.json"));

    assertRefusedBeforeWriting(backend().open(), directory, "holds no manifest.json", Person.class, User.class);
  }

  @Test
  void aChangedByteFailsTheChecksum() throws IOException {
    Path directory = backupOf(backend().open());
    Path file = directory.resolve("0002-User.ndjson");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    assertRefusedBeforeWriting(backend().open(), directory, "0002-User.ndjson: checksum mismatch", Person.class, User.class);
  }

  @Test
  void aCorruptGzipFileIsRefused() throws IOException {
    ErgoKv source = backend().open();
    seed(source, 3, 3);
    Path directory = source.backup().gzip(true).writeTo(temp).directory();
    Path file = directory.resolve("0001-Person.ndjson.gz");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));

    assertRefusedBeforeWriting(backend().open(), directory, "0001-Person.ndjson.gz", Person.class, User.class);
  }

  @Test
  void aModelWithoutAClassOrAnUnknownVersionIsRefused() throws IOException {
    Path directory = backupOf(backend().open());
    ErgoKv target = backend().open();

    assertRefusedBeforeWriting(target, directory, "model 'User' is in the backup but no entity class for it was given", Person.class);
    // Person's backup holds versions 1..3: an older application, or a class without the chain,
    // does not know some of them.
    assertRefusedBeforeWriting(
        target,
        directory,
        "model 'Person' has 2 entities at schema version 3, which "
            + PersonV2.class.getName()
            + " (version 2, chain [1, 2]) does not know: restore with the application version that"
            + " wrote it",
        PersonV2.class,
        User.class);
    assertRefusedBeforeWriting(
        target,
        directory,
        "model 'Person' has 2 entities at schema version 1, which " + ChainlessPerson.class.getName(),
        ChainlessPerson.class,
        User.class);
    // Restoring a subset is fine.
    assertThat(target.restore(directory).entities(User.class).onlyModels("User").run().models()).hasSize(1);
  }

  @Test
  void anEditedLineIsRefusedWithItsFileAndLine() throws Exception {
    Path directory = backupOf(backend().open());
    Path file = directory.resolve("0001-Person.ndjson");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"id\":3", "\"id\":\"three\""));
    Files.write(file, lines);
    // Someone "fixed" the checksum too: the line check still catches it.
    Path manifest = directory.resolve("manifest.json");
    String sha = dev.ergokv.internal.migrate.KeyText.hex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + sha + "\""));

    assertRefusedBeforeWriting(backend().open(), directory, "0001-Person.ndjson, line 3: the value does not decode", Person.class, User.class);
  }

  @Test
  void aRepeatedOrOutOfOrderKeyIsRefusedWithItsFileAndLine() throws Exception {
    // Lines are written in key order, each key once. An edited file (checksum fixed) with a key
    // twice would write one entity twice in a batch, leaving the first line's unique value
    // claimed by it forever.
    Path directory = backupOf(backend().open());
    Path file = directory.resolve("0002-User.ndjson");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(1).replace("\"username\":\"user2\"", "\"username\":\"dup2\""));
    Files.write(file, lines);
    Path manifest = directory.resolve("manifest.json");
    String sha = dev.ergokv.internal.migrate.KeyText.hex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("(\"file\" : \"0002-User.ndjson\"(?s:.*?)\"sha256\" : \")[0-9a-f]+", "$1" + sha));

    assertRefusedBeforeWriting(backend().open(), directory, "0002-User.ndjson, line 3", Person.class, User.class);
  }

  @Test
  void aManifestOfANewerFormatIsRefused() throws IOException {
    Path directory = backupOf(backend().open());
    Path manifest = directory.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

    assertRefusedBeforeWriting(backend().open(), directory, "has format version 2; this ErgoKV reads version 1", Person.class, User.class);
  }

  @Test
  void aDamagedManifestEntryIsABackupFormatExceptionNamingTheManifest() throws IOException {
    Path directory = backupOf(backend().open());
    Path manifest = directory.resolve("manifest.json");
    String intact = Files.readString(manifest);
    ErgoKv target = backend().open();

    Files.writeString(manifest, intact.replaceFirst("\"1\" : 2", "\"1\" : null"));
    assertRefusedBeforeWriting(target, directory, "manifest.json", Person.class, User.class);
    Files.writeString(manifest, intact.replaceFirst("\"entities\" : 6", "\"entities\" : 6.5"));
    assertRefusedBeforeWriting(target, directory, "manifest.json", Person.class, User.class);
    Files.writeString(manifest, intact.replace("\"formatVersion\" : 1", "\"formatVersion\" : 1.5"));
    assertRefusedBeforeWriting(target, directory, "manifest.json", Person.class, User.class);
    // A manifest that lost its list of models is not a backup of nothing.
    Files.writeString(manifest, intact.replace("\"models\" : [", "\"lost\" : ["));
    assertRefusedBeforeWriting(target, directory, "manifest.json", Person.class, User.class);
  }

  /** "Person" version 3 without its @MigrateFrom chain. */
  @Entity(value = "Person", version = 3)
  static class ChainlessPerson {
    @Key long id;
  }

  // ------------------------------------------------------------------ names

  @Entity("Case")
  static class UpperCase {
    @Key long id;
  }

  @Entity("case")
  static class LowerCase {
    @Key long id;
  }

  @Entity("a/b")
  static class Slashed {
    @Key long id;
    @Unique String code;
  }

  @Test
  void fileNamesNeverCollide() throws IOException {
    ErgoKv kv = backend().open();
    kv.transact(tx -> {
      tx.insert(new UpperCase());
      tx.insert(new LowerCase());
      Slashed slashed = new Slashed();
      slashed.code = "x";
      tx.insert(slashed);
    });

    BackupResult first = kv.backup().writeTo(temp);
    BackupResult second = kv.backup().writeTo(temp);

    assertThat(first.directory()).isNotEqualTo(second.directory());
    assertThat(first.directory().getParent()).isEqualTo(temp);
    try (Stream<Path> files = Files.list(first.directory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "0001-Case.ndjson", "0002-a_b.ndjson", "0003-case.ndjson");
    }
    ErgoKv target = backend().open();
    target.restore(second.directory()).entities(UpperCase.class, LowerCase.class, Slashed.class).run();
    assertThat(data(target)).isEqualTo(data(kv));
  }

  @Test
  void aMigrationInterruptedBeforeARestoreDoesNotResumePastTheRestoredOlderValues() {
    // Operators restore a backup after a migration went wrong. The restore writes the backup's
    // older values again, also before the interrupted run's checkpoint: resuming that run would
    // skip them and still end COMPLETED, leaving them unconverted and missing from new indexes.
    ErgoKv kv = backend().open();
    People.seed(kv, 30, 0, 0);
    BackupResult backup = kv.backup().writeTo(temp);
    assertThatThrownBy(
            () ->
                kv.migrator()
                    .batchSize(10)
                    .listener(p -> {
                      throw new IllegalStateException("listener gave up");
                    })
                    .migrate(Person.class))
        .hasMessage("listener gave up");
    assertThat(kv.migrator().history(Person.class))
        .singleElement()
        .satisfies(run -> {
          assertThat(run.status()).isEqualTo(MigrationStatus.RUNNING);
          assertThat(run.migrated()).isEqualTo(10);
        });

    kv.restore(backup.directory()).entities(Person.class).clearFirst(true).run();
    MigrationResult after = kv.migrator().batchSize(10).migrate(Person.class);

    assertThat(after.status()).isEqualTo(MigrationStatus.COMPLETED);
    // Ids 1, 8, 15, 22 and 29 have "Last1"; every entity has its email and lost login and city.
    assertThat(kv.read((ReadTransaction tx) -> tx.find(Person.class, "lastName", "Last1").count())).isEqualTo(5);
    assertThat(kv.read((ReadTransaction tx) -> tx.findUnique(Person.class, "email", "user1@example.com"))).isPresent();
    assertThat(RawKeys.data(backend().engine(), kv)).noneMatch(k -> k.contains("\"login\"") || k.contains("\"city\""));
  }

  @Test
  void aModelLeasedByAMigrationIsNotRestored() {
    ErgoKv source = backend().open();
    seed(source, 3, 0);
    BackupResult backup = source.backup().writeTo(temp);
    ErgoKv target = backend().open();
    target.transact(tx -> tx.insert(new PersonV1(50, "old", "Old Timer", "Z")));
    Migrator blocked =
        target.migrator().owner("migrating").listener(p -> {
          if (!p.finished()) {
            assertThatThrownBy(() -> target.restore(backup.directory()).entities(Person.class).run())
                .isInstanceOf(ErgoKvException.class)
                .hasMessageContaining("Cannot restore model 'Person' now: it is leased by migrating");
          }
        });

    assertThat(blocked.migrate(Person.class).migrated()).isEqualTo(1);
  }
}
