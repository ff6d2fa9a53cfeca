package dev.ergokv.entities;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A class entity with a unique index, two non-unique ones, an optional unique and a list. */
@Entity("User")
public class User {
  @Key private long id;
  @Unique private String username;
  @Index("dept") private String department;
  @Index private int age;
  @Unique private Optional<String> nickname = Optional.empty();
  private String email;
  private List<String> tags = new ArrayList<>();

  protected User() {}

  public User(long id, String username, String department, int age) {
    this.id = id;
    this.username = username;
    this.department = department;
    this.age = age;
  }

  public long id() {
    return id;
  }

  public String username() {
    return username;
  }

  public User username(String username) {
    this.username = username;
    return this;
  }

  public String department() {
    return department;
  }

  public User department(String department) {
    this.department = department;
    return this;
  }

  public int age() {
    return age;
  }

  public User age(int age) {
    this.age = age;
    return this;
  }

  public Optional<String> nickname() {
    return nickname;
  }

  public User nickname(String nickname) {
    this.nickname = Optional.ofNullable(nickname);
    return this;
  }

  public String email() {
    return email;
  }

  public User email(String email) {
    this.email = email;
    return this;
  }

  public List<String> tags() {
    return tags;
  }

  /** Changes the key: keys identify entities, so ErgoKV must refuse to save this. */
  public void changeIdTo(long id) {
    this.id = id;
  }

  /** A copy that is not the managed instance (a detached entity). */
  public User copy() {
    User copy = new User(id, username, department, age);
    copy.nickname = nickname;
    copy.email = email;
    copy.tags = new ArrayList<>(tags);
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof User)) {
      return false;
    }
    User that = (User) other;
    return id == that.id
        && age == that.age
        && Objects.equals(username, that.username)
        && Objects.equals(department, that.department)
        && Objects.equals(nickname, that.nickname)
        && Objects.equals(email, that.email)
        && Objects.equals(tags, that.tags);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + ", " + department + ", " + age + ", " + nickname + "]";
  }
}
