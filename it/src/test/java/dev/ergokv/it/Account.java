package dev.ergokv.it;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** A bank account, for transfers between accounts. */
@Entity("Account")
public class Account {

  @Key private long id;
  private long balance;

  protected Account() {}

  public Account(long id, long balance) {
    this.id = id;
    this.balance = balance;
  }

  public long getId() {
    return id;
  }

  public long getBalance() {
    return balance;
  }

  public void deposit(long amount) {
    balance += amount;
  }

  public void withdraw(long amount) {
    balance -= amount;
  }
}
