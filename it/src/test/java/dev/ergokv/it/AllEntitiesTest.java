package dev.ergokv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ErgoKv;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams over more entities than one page holds (the default page is 256): {@code all()} over the
 * entity range and {@code find} over one index value, each read in several round trips.
 */
@EndToEnd(entities = User.class)
class AllEntitiesTest {

  private static final int USERS = 600;
  private static final int BATCH = 200;
  private static final List<UUID> IDS = new ArrayList<>();

  @BeforeAll
  static void saveManyUsers(ErgoKv kv) {
    for (int i = 0; i < USERS; i++) {
      IDS.add(UUID.randomUUID());
    }
    for (int from = 0; from < USERS; from += BATCH) {
      int start = from;
      kv.transact(
          tx -> {
            for (int i = start; i < start + BATCH; i++) {
              // Every other user is in "big": 300 entries of one index value, two pages.
              String department = i % 2 == 0 ? "big" : "small-" + (i % 7);
              tx.insert(new User(IDS.get(i), "user-" + i, "u" + i + "@example.com", department));
            }
          });
    }
  }

  @Test
  void allStreamsEveryEntityInKeyOrder(ErgoKv kv) {
    List<UUID> streamed = kv.read(tx -> tx.all(User.class).map(User::getId).toList());
    long counted = kv.read(tx -> tx.count(User.class));

    assertThat(streamed).containsExactlyElementsOf(UuidOrder.sorted(IDS));
    assertThat(counted).isEqualTo(USERS);
  }

  @Test
  void findStreamsEveryEntryOfOneIndexValue(ErgoKv kv) {
    List<User> big = kv.read(tx -> tx.find(User.class, "department", "big").toList());

    assertThat(big).hasSize(USERS / 2);
    assertThat(big).extracting(User::getId).isSortedAccordingTo(UuidOrder.STORED);
    assertThat(big).allSatisfy(u -> assertThat(u.getDepartment()).isEqualTo("big"));
  }

  @Test
  void changesMadeToStreamedEntitiesAreSaved(ErgoKv kv) {
    int changed =
        kv.transactResult(
            tx -> {
              try (Stream<User> small = tx.all(User.class)) {
                List<User> inSmall3 =
                    small.filter(u -> u.getDepartment().equals("small-3")).toList();
                inSmall3.forEach(u -> u.setEmail(u.getUsername() + "@small3.example.com"));
                return inSmall3.size();
              }
            });

    Set<String> emails =
        kv.read(
            tx ->
                tx.find(User.class, "department", "small-3")
                    .map(User::getEmail)
                    .collect(Collectors.toSet()));
    assertThat(changed).isPositive();
    assertThat(emails).hasSize(changed).allMatch(e -> e.endsWith("@small3.example.com"));
  }
}
