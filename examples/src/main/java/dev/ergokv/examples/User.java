package dev.ergokv.examples;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import java.util.UUID;

/** The README's user: stored under its id, found by its unique username or by department. */
@Entity("User")
public class User {

  @Key private UUID id;
  @Unique private String username;
  private String email;
  @Index private String department;

  /** Loading creates instances through this constructor. */
  protected User() {}

  /** A new user. */
  public User(UUID id, String username, String email, String department) {
    this.id = id;
    this.username = username;
    this.email = email;
    this.department = department;
  }

  /** The key. */
  public UUID getId() {
    return id;
  }

  /** Unique among all users. */
  public String getUsername() {
    return username;
  }

  /** The e-mail address. */
  public String getEmail() {
    return email;
  }

  /** Changes the e-mail address; in a transaction, the change is saved at commit. */
  public void setEmail(String email) {
    this.email = email;
  }

  /** The department (indexed). */
  public String getDepartment() {
    return department;
  }

  @Override
  public String toString() {
    return username + " <" + email + ">, " + department;
  }
}
