package dev.ergokv.it;

import dev.ergokv.Repository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The README's finder interface. */
public interface Users extends Repository<User, UUID> {

  Optional<User> byUsername(String username);

  Stream<User> byDepartment(String department);

  List<User> findByDepartment(String department);

  long countByDepartment(String department);

  /** Written by hand: runs as written, in the repository's transaction. */
  default List<String> usernamesIn(String department) {
    try (Stream<User> users = byDepartment(department)) {
      return users.map(User::getUsername).toList();
    }
  }
}
