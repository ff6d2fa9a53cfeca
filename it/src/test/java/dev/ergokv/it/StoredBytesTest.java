package dev.ergokv.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiSession;

/**
 * A fixed scenario (fixed keys, fixed values) whose stored bytes are dumped to {@code
 * <ergokv.it.dumps>/<mode>.txt}. {@link DumpsAgreeTest} checks that every enhancement mode stored
 * exactly the same keys and values.
 */
@EndToEnd(entities = {User.class, Account.class, Employee.class, Profile.class})
class StoredBytesTest {

  static final String DUMPS_PROPERTY = "ergokv.it.dumps";

  private static final UUID ADA = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID GRACE = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final UUID LINUS = UUID.fromString("80000000-0000-4000-8000-000000000003");
  private static final UUID BARBARA = UUID.fromString("ffffffff-0000-4000-8000-000000000004");
  private static final LocalDate DAY = LocalDate.of(2024, 2, 29);

  @Test
  void aFixedScenarioStoresTheSameBytesInEveryMode(ErgoKv kv, TiSession session)
      throws IOException {
    kv.transact(
        tx -> {
          tx.insert(new User(ADA, "ada", "ada@example.com", "analytical"));
          tx.insert(new User(GRACE, "grace", "grace@example.com", "navy"));
          tx.insert(new User(LINUS, "linus", "linus@example.com", "kernel"));
          tx.insert(new User(BARBARA, "barbara", "barbara@example.com", "clu"));
          tx.insert(new Account(1, 500));
          tx.insert(new Account(2, 0));
          tx.insert(new Account(-3, 1_000_000_000_000L));
          tx.insert(new Employee(7, "seven", 41, DAY));
          tx.insert(new Employee(8, "eight", 29, DAY.plusDays(1)));
          tx.insert(new Employee(9, "nine", 35, DAY.minusYears(3)));
          Profile profile = new Profile("ada");
          profile.getTags().add("math");
          profile.getTags().add("poetry");
          tx.insert(profile);
        });

    // Dirty tracking: setters on loaded entities, no save.
    kv.transact(
        tx -> {
          User grace = tx.load(User.class, GRACE).orElseThrow();
          grace.setEmail("hopper@example.com");
          grace.setDepartment("cobol");
          tx.load(Employee.class, 8L).orElseThrow().setAge(30);
        });
    // Two users swap usernames in one transaction.
    kv.transact(
        tx -> {
          tx.load(User.class, ADA).orElseThrow().setUsername("linus");
          tx.load(User.class, LINUS).orElseThrow().setUsername("ada");
        });
    // Collections and maps changed in place; an optional set.
    kv.transact(
        tx -> {
          Profile profile = tx.load(Profile.class, "ada").orElseThrow();
          profile.getTags().remove("poetry");
          profile.getTags().add("engines");
          profile.count("login");
          profile.count("login");
          profile.count("logout");
          profile.setNickname("Countess");
        });
    // A list handed in and changed through the caller's own reference after flushes (the save,
    // then a query): enhanced modes wrap it at the first flush, yet must store what the
    // un-enhanced mode stores.
    List<String> kept = new ArrayList<>(List.of("compilers"));
    kv.transact(
        tx -> {
          Profile grace = new Profile("grace");
          grace.setTags(kept);
          tx.insert(grace);
          kept.add("after the insert");
          tx.count(Profile.class);
          kept.add("after a query");
          Profile ada = tx.load(Profile.class, "ada").orElseThrow();
          List<String> replaced = new ArrayList<>(ada.getTags());
          ada.setTags(replaced);
          tx.count(Profile.class);
          replaced.add("replaced, then changed");
        });
    // Loaded and touched, but nothing changed: writes nothing.
    kv.transact(
        tx -> {
          User ada = tx.load(User.class, ADA).orElseThrow();
          ada.setEmail(ada.getEmail());
          tx.load(Profile.class, "ada").orElseThrow().getTags().removeIf(String::isEmpty);
        });
    // A transfer, and a delete of a detached instance (its stored index entries go too).
    kv.transact(
        tx -> {
          tx.load(Account.class, 1L).orElseThrow().withdraw(40);
          tx.load(Account.class, -3L).orElseThrow().deposit(40);
        });
    kv.transact(tx -> tx.delete(new User(BARBARA, "changed", "in memory", "only")));

    Profile profile = kv.read(tx -> tx.load(Profile.class, "ada")).orElseThrow();
    assertThat(profile.getTags()).containsExactly("math", "engines", "replaced, then changed");
    Profile grace = kv.read(tx -> tx.load(Profile.class, "grace")).orElseThrow();
    assertThat(grace.getTags()).containsExactly("compilers", "after the insert", "after a query");
    assertThat(profile.getCounters()).containsExactly(Map.entry("login", 2), Map.entry("logout", 1));
    assertThat(profile.getNickname()).contains("Countess");
    String linusOwner =
        kv.read(tx -> tx.findUnique(User.class, "username", "linus").orElseThrow().getEmail());
    assertThat(linusOwner).isEqualTo("ada@example.com");

    List<String> dump = StoredData.dump(session, kv.keyspace());
    Map<Character, Long> byTag =
        dump.stream().collect(Collectors.groupingBy(StoredData::tag, Collectors.counting()));
    // Entities: 3 users, 3 accounts, 3 employees, 2 profiles. Unique: 3 usernames. Index entries:
    // 3 departments, 3 ages, 3 hiring dates.
    assertThat(byTag).containsEntry('E', 11L).containsEntry('U', 3L).containsEntry('I', 9L);
    assertThat(dump).noneMatch(line -> line.contains("barbara") || line.contains("clu"));

    String dumps = System.getProperty(DUMPS_PROPERTY);
    if (dumps != null) {
      Path file = Path.of(dumps).resolve(EnhancementMode.current().id() + ".txt");
      Files.createDirectories(file.getParent());
      Files.write(file, dump, UTF_8);
    }
  }
}
