package dev.ergokv.it;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import java.util.UUID;

/** The README's user: a key, a unique username, a plain field and an indexed department. */
@Entity("User")
public class User {

  @Key private UUID id;
  @Unique private String username;
  private String email;
  @Index private String department;

  protected User() {}

  public User(UUID id, String username, String email, String department) {
    this.id = id;
    this.username = username;
    this.email = email;
    this.department = department;
  }

  public UUID getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getDepartment() {
    return department;
  }

  public void setDepartment(String department) {
    this.department = department;
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + ", " + email + ", " + department + "]";
  }
}
