package dev.ergokv.migrate;

import dev.ergokv.ErgoKv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Seeds "Person" at several schema versions and says what a full migration must produce. */
final class People {

  private People() {}

  /** Ids 1..v1 at version 1, then v2 at version 2, then v3 at version 3; returns them as v3. */
  static List<Person> seed(ErgoKv kv, int v1, int v2, int v3) {
    List<Person> expected = new ArrayList<>();
    List<Object> entities = new ArrayList<>();
    long id = 1;
    for (int i = 0; i < v1; i++, id++) {
      entities.add(new PersonV1(id, "user" + id, "First" + id + " Last" + (id % 7), "City" + (id % 3)));
      expected.add(new Person(id, "user" + id + "@example.com", "First" + id, "Last" + (id % 7), "City" + (id % 3)));
    }
    for (int i = 0; i < v2; i++, id++) {
      entities.add(new PersonV2(id, "User" + id, "First" + id, "Last" + (id % 7), "City" + (id % 3)));
      expected.add(new Person(id, "user" + id + "@example.com", "First" + id, "Last" + (id % 7), "City" + (id % 3)));
    }
    for (int i = 0; i < v3; i++, id++) {
      Person person = new Person(id, "user" + id + "@example.com", "First" + id, "Last" + (id % 7), "City" + (id % 3));
      entities.add(person);
      expected.add(person);
    }
    for (int from = 0; from < entities.size(); from += 200) {
      List<Object> chunk = entities.subList(from, Math.min(entities.size(), from + 200));
      kv.transact(tx -> chunk.forEach(tx::insert));
    }
    return expected;
  }

  /** The keys (as {@link RawKeys#data} renders them) of these people stored at version 3. */
  static List<String> keysAtVersion3(List<Person> people) {
    List<String> keys = new ArrayList<>();
    for (Person p : people) {
      keys.add("E/\"Person\"/" + p.id());
      keys.add("I/\"Person\"/\"lastName\"/\"" + p.lastName() + "\"/" + p.id());
      keys.add("U/\"Person\"/\"email\"/\"" + p.email().toLowerCase(Locale.ROOT) + "\"");
    }
    return keys;
  }
}
