package dev.ergokv.entities;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** An account of the classic write-skew example (two accounts whose sum must stay >= 0). */
@Entity
public class Account {
  @Key private String id;
  private long balance;

  protected Account() {}

  public Account(String id, long balance) {
    this.id = id;
    this.balance = balance;
  }

  public String id() {
    return id;
  }

  public long balance() {
    return balance;
  }

  public void withdraw(long amount) {
    balance -= amount;
  }
}
