package dev.ergokv.entities;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;

/**
 * An entity indexed by a record: an index key needs every component, so an address with a null
 * component is a value that can be stored but not indexed (the flush fails after encoding it).
 */
@Entity("Parcel")
public class Parcel {

  /** Where a parcel goes; both components make up its index key. */
  public record Address(String city, String zip) {}

  @Key private long id;
  @Index private Address to;
  private String note;

  protected Parcel() {}

  public Parcel(long id, Address to, String note) {
    this.id = id;
    this.to = to;
    this.note = note;
  }

  public long id() {
    return id;
  }

  public Address to() {
    return to;
  }

  public Parcel to(Address to) {
    this.to = to;
    return this;
  }

  public String note() {
    return note;
  }

  public Parcel note(String note) {
    this.note = note;
    return this;
  }
}
