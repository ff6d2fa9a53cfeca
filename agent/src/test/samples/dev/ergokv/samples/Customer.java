package dev.ergokv.samples;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Transient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** An entity with every kind of field and every way of writing one. */
@Entity("Customer")
public class Customer extends Auditable {

  @Key private UUID id;
  private String name;
  private int age;
  private double score;
  private Status status;
  private Optional<String> nickname = Optional.empty();
  private Point home;
  private final List<String> tags = new ArrayList<>();
  private Map<String, Integer> counters = new HashMap<>();
  private NavigableSet<Integer> lucky = new TreeSet<>();
  private byte[] photo;
  private ArrayList<String> history = new ArrayList<>();
  private List<StringBuilder> drafts = new ArrayList<>();
  private transient String cache;
  @Transient private String note;
  private static int created;

  protected Customer() {}

  public Customer(UUID id, String name) {
    this.id = id;
    this.name = name;
    this.age = 1;
    this.cache = "constructed";
    created++;
  }

  public UUID getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getAge() {
    return age;
  }

  public void setAge(int age) {
    this.age = age;
  }

  public double getScore() {
    return score;
  }

  public void setScore(double score) {
    this.score = score;
  }

  public Status getStatus() {
    return status;
  }

  public void setNickname(Optional<String> nickname) {
    this.nickname = nickname;
  }

  public void setHome(Point home) {
    this.home = home;
  }

  public List<String> getTags() {
    return tags;
  }

  public Map<String, Integer> getCounters() {
    return counters;
  }

  public void setCounters(Map<String, Integer> counters) {
    this.counters = counters;
  }

  public NavigableSet<Integer> getLucky() {
    return lucky;
  }

  public void setPhoto(byte[] photo) {
    this.photo = photo;
  }

  public void setCache(String cache) {
    this.cache = cache;
  }

  public void setNote(String note) {
    this.note = note;
  }

  /** A write in a method that is not a setter. */
  public void birthday() {
    age = age + 1;
  }

  /** A write to another instance of the same class. */
  public void copyNameTo(Customer other) {
    other.name = this.name;
  }

  /** A write from a lambda (compiled into a synthetic method of this class). */
  public Runnable renameLater(String newName) {
    return () -> this.name = newName;
  }

  /** A write from an anonymous class. */
  public void scoreViaAnonymousClass(double newScore) {
    new Runnable() {
      @Override
      public void run() {
        score = newScore;
      }
    }.run();
  }

  /** A write to the mapped superclass's protected field from the subclass. */
  public void signOff(String who) {
    changedBy = who;
  }

  public Editor editor() {
    return new Editor();
  }

  /** An inner class writing its outer instance's private field. */
  public class Editor {
    public void status(Status newStatus) {
      status = newStatus;
    }
  }

  /** A static nested class writing a private field of an instance it is given. */
  public static final class Fixer {
    private Fixer() {}

    public static void age(Customer customer, int age) {
      customer.age = age;
    }
  }

  /** An immutable value: compared by equals like a String. */
  public record Point(int x, int y) {}
}
